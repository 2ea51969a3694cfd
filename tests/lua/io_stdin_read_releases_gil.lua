-- io.read on standard input releases the GIL while it waits: a child
-- interpreter reads a line that arrives 0.6 s late on its stdin while a
-- thread of it keeps running.
-- The threads share a table, not live locals: the free-threaded build makes
-- table fields safe to share, and reports (under ThreadSanitizer) a local of
-- a running function written on one thread and read on another.
local child = [[
local s = { done = false, ran_during = false }
local h = thread.spawn(function()
  while not s.done do
    local now = sys.monotonic()
    if s.began and now > s.began + 0.05 and now < s.began + 0.35 then s.ran_during = true end
  end
end)
s.began = sys.monotonic()
local line = io.read("l")
s.done = true
h:join()
print(line, s.ran_during, io.read("n"), io.read("l"))
]]
local p = io.popen("(sleep 0.6; echo late input; echo 42 rest) | " .. arg[-1] .. " -e '" ..
                   child .. "'")
io.write(p:read("a")) -- expect: late input	true	42	 rest
print(p:close()) -- expect: true	exit	0
