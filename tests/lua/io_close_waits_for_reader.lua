-- Closing a pipe that another thread is blocked reading waits until that
-- read is done: no thread ever uses a closed stream.
local p = io.popen("sleep 0.3; echo for the reader")
local h = thread.spawn(function() return p:read("l") end)
thread.sleep(0.1) -- the reader is now blocked in its read
print(p:close()) -- expect: true	exit	0
print(h:join()) -- expect: for the reader
print(io.type(p)) -- expect: closed file
print(pcall(p.read, p)) -- expect: false	attempt to use a closed file

-- Two threads reading the same file share it: each line is read once.
local name = os.tmpname()
local f = io.open(name, "w")
for i = 1, 2000 do f:write(i, "\n") end
f:close()
f = io.open(name)
local function reader()
  local count, sum = 0, 0
  for l in f:lines() do
    count, sum = count + 1, sum + tonumber(l)
  end
  return count, sum
end
local a, b = thread.spawn(reader), thread.spawn(reader)
local ca, sa = a:join()
local cb, sb = b:join()
print(ca + cb, sa + sb) -- expect: 2000	2001000
f:close()
os.remove(name)
