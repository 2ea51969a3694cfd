-- work.echo(): a connection to a peer that sends back what it receives.
local c = work.echo()
print(type(c), tostring(c):match("^work.echo")) -- expect: userdata	work.echo
c:send("hello")
print(c:recv()) -- expect: hello
-- recv(n) reads at most n bytes.
c:send("abcdef")
local got = {}
local n = 0
while n < 6 do
  local part = c:recv(4)
  assert(#part <= 4)
  got[#got + 1] = part
  n = n + #part
end
print(table.concat(got)) -- expect: abcdef
-- Numbers are sent as strings; an empty send sends nothing.
c:send(42)
c:send("")
print(c:recv()) -- expect: 42
-- A big message comes back whole.
local big = string.rep("0123456789", 100000)
local back = {}
local sender = thread.spawn(function() c:send(big) end)
local total = 0
while total < #big do
  local part = c:recv()
  back[#back + 1] = part
  total = total + #part
end
sender:join()
print(table.concat(back) == big) -- expect: true

print(select(2, pcall(function() return c:recv(0) end))) -- expect: work_echo.lua:34: bad argument #1 to 'recv' (size must be positive)
print(select(2, pcall(function() return c:send({}) end))) -- expect: work_echo.lua:35: bad argument #1 to 'send' (string expected, got table)
print(select(2, pcall(function() return c.send(sync.lock(), "x") end))) -- expect: work_echo.lua:36: bad argument #1 to 'send' (work.echo expected, got sync.lock)

-- After close, send and recv fail; close again is harmless.
c:close()
print(select(2, pcall(function() c:send("x") end))) -- expect: work_echo.lua:40: the echo connection is closed
print(select(2, pcall(function() return c:recv() end))) -- expect: work_echo.lua:41: the echo connection is closed
c:close()

-- Round trips from several threads, each with its own connection.
local hs = {}
for i = 1, 4 do
  hs[i] = thread.spawn(function()
    local conn = work.echo()
    local ok = 0
    for j = 1, 50 do
      local msg = i .. ":" .. j
      conn:send(msg)
      if conn:recv() == msg then ok = ok + 1 end
    end
    conn:close()
    return ok
  end)
end
local sum = 0
for i = 1, 4 do sum = sum + hs[i]:join() end
print(sum) -- expect: 200
-- A connection nobody closes is closed by the collector.
for _ = 1, 20 do work.echo() end
collectgarbage()
print("collected") -- expect: collected
