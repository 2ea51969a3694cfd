-- Closing a connection while another thread is blocked in recv on it: the
-- blocked recv returns nil (end of file). close must not free the socket's
-- descriptor while recv may still use it (the number could be reused by the
-- next socket opened); the ThreadSanitizer build checks that.
local c = work.echo()
local reader = thread.spawn(function() return c:recv() end)
thread.sleep(0.05)
c:close()
print(reader:join()) -- expect: nil
print(select(2, pcall(c.recv, c))) -- expect: the echo connection is closed
