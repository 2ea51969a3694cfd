-- sync.lock: acquire, release, locked; timeouts; misuse.
local l = sync.lock()
print(l:locked()) -- expect: false
print(l:acquire()) -- expect: true
print(l:locked()) -- expect: true
print(l:acquire(0)) -- expect: false
local start = sys.monotonic()
print(l:acquire(0.05)) -- expect: false
print(sys.monotonic() - start >= 0.045) -- expect: true
l:release()
print(l:locked(), l:acquire(0)) -- expect: false	true
l:release()

-- Releasing an unlocked lock is an error (like Python's RuntimeError).
print(select(2, pcall(function() l:release() end))) -- expect: sync_lock.lua:15: release of an unlocked lock
print(select(2, pcall(function() return l:acquire(-1) end))) -- expect: sync_lock.lua:16: bad argument #1 to 'acquire' (timeout must be a non-negative number)
print(select(2, pcall(function() return l:acquire("x") end))) -- expect: sync_lock.lua:17: bad argument #1 to 'acquire' (number expected, got string)
print(select(2, pcall(function() return l.acquire(sync.event()) end))) -- expect: sync_lock.lua:18: bad argument #1 to 'acquire' (sync.lock expected, got sync.event)
print(select(2, pcall(function() return l.release() end))) -- expect: sync_lock.lua:19: bad argument #1 to 'release' (sync.lock expected, got no value)
print(select(2, pcall(function() return l.locked(1) end))) -- expect: sync_lock.lua:20: bad argument #1 to 'locked' (sync.lock expected, got number)

-- Any thread may release a lock (it is not owned, like Python's Lock), and a
-- waiter blocked in acquire gets it then.
l:acquire()
local got = sync.event()
local h = thread.spawn(function()
  local ok = l:acquire(30)
  got:set()
  return ok
end)
print(got:wait(0.05)) -- expect: false
l:release()
print(h:join(), l:locked()) -- expect: true	true
thread.spawn(function() l:release() end):join()
print(l:locked()) -- expect: false

-- Mutual exclusion: a read-sleep-write under the lock loses no update.
local counter = 0
local workers = {}
for i = 1, 4 do
  workers[i] = thread.spawn(function()
    for _ = 1, 25 do
      l:acquire()
      local seen = counter
      thread.sleep(0)
      counter = seen + 1
      l:release()
    end
  end)
end
for i = 1, 4 do workers[i]:join() end
print(counter) -- expect: 100
