-- io.read on standard input releases the GIL while it waits: a child
-- interpreter reads a line that arrives 0.3 s late on its stdin while a
-- thread of it keeps running.
local child = [[
local began
local done, ran_during = false, false
local h = thread.spawn(function()
  while not done do
    local now = sys.monotonic()
    if began and now > began + 0.1 and now < began + 0.2 then ran_during = true end
  end
end)
began = sys.monotonic()
local line = io.read("l")
done = true
h:join()
print(line, ran_during, io.read("n"), io.read("l"))
]]
local p = io.popen("(sleep 0.3; echo late input; echo 42 rest) | " .. arg[-1] .. " -e '" ..
                   child .. "'")
io.write(p:read("a")) -- expect: late input	true	42	 rest
print(p:close()) -- expect: true	exit	0
