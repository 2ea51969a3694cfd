-- Closing a connection while another thread is blocked in recv on it: the
-- blocked recv returns nil (end of file). close must not free the socket's
-- descriptor while recv may still use it (the number could be reused by the
-- next socket opened); the ThreadSanitizer build checks that.
local c = work.echo()
local started = sync.event()
local reader = thread.spawn(function()
  started:set()
  return c:recv()
end)
-- The reader is a call away from recv once the event is set; the sleep lets
-- it get there even on a loaded machine (a late reader would see a closed
-- connection instead of end-of-file, and this test would say so).
started:wait()
thread.sleep(0.2)
c:close()
print(reader:join()) -- expect: nil
print(select(2, pcall(c.recv, c))) -- expect: the echo connection is closed
