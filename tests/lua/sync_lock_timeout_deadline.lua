-- acquire(timeout) gives up when the timeout has passed, even when it is
-- woken in the meantime by releases that another thread wins: the timeout is
-- a deadline, not a wait that starts again after every lost race (Python's
-- Lock.acquire(timeout=...) behaves so). The same holds for queue:get and
-- queue:put, which share the pattern.
--
-- Here a cycler thread holds the lock and, every 20 ms, releases it and takes
-- it back 10 ms later while keeping the GIL: the waiter is woken by the
-- release but cannot take the GIL back before the lock is taken again (a
-- long switch interval keeps it from asking for the GIL in between).
-- args: --switch-interval=0.05
local l = sync.lock()
l:acquire()
local cycler = thread.spawn(function()
  local stop = sys.monotonic() + 1.5
  while sys.monotonic() < stop do
    thread.sleep(0.02)
    l:release()
    work.hold_gil(0.01)
    l:acquire()
  end
  l:release()
end)
local start = sys.monotonic()
local got = l:acquire(0.2)
local took = sys.monotonic() - start
if got then l:release() end
cycler:join()
print(took < 0.2 + 0.5 or string.format("acquire(0.2) returned %s after %.2f s", got, took)) -- expect: true
