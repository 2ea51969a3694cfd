-- thread.sleep blocks the calling thread and lets the others run.
local start = sys.monotonic()
thread.sleep(0.05)
print(sys.monotonic() - start >= 0.045) -- expect: true
thread.sleep(0)
print(select(2, pcall(thread.sleep, -1))) -- expect: bad argument #1 to 'thread.sleep' (seconds must be non-negative)
print(select(2, pcall(thread.sleep, 0 / 0))) -- expect: bad argument #1 to 'thread.sleep' (seconds must be non-negative)
print(select(2, pcall(thread.sleep, "x"))) -- expect: bad argument #1 to 'thread.sleep' (number expected, got string)
print(select(2, pcall(thread.sleep))) -- expect: bad argument #1 to 'thread.sleep' (number expected, got no value)
print(pcall(thread.sleep, "0.01")) -- expect: true

-- While one thread sleeps, another runs: the sleeper does not keep the GIL.
-- (They share a table, not live locals: see io_stdin_read_releases_gil.lua.)
local s = { ran_during = false, sleeping = true }
local h = thread.spawn(function()
  while s.sleeping do s.ran_during = true end
end)
thread.sleep(0.1)
s.sleeping = false
h:join()
print(s.ran_during) -- expect: true
