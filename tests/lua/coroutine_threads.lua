-- A coroutine belongs to no OS thread: one thread may create it and another
-- resume it (one at a time). Resuming one that is running on another thread
-- fails like resuming any running coroutine.
local co = coroutine.create(function(a)
  local b = coroutine.yield("first on " .. a)
  local c = coroutine.yield("then on " .. b)
  return "done on " .. c
end)
print(coroutine.resume(co, "main")) -- expect: true	first on main
local h = thread.spawn(function() return coroutine.resume(co, "worker") end)
print(h:join()) -- expect: true	then on worker
print(coroutine.resume(co, "main")) -- expect: true	done on main

local started, release = sync.event(), sync.event()
local busy = coroutine.create(function()
  started:set()
  release:wait()
  return "finished"
end)
local runner = thread.spawn(function() return coroutine.resume(busy) end)
started:wait()
print(coroutine.status(busy)) -- expect: running
print(coroutine.resume(busy)) -- expect: false	cannot resume non-suspended coroutine
release:set()
print(runner:join()) -- expect: true	finished

-- Generators shared by several threads, each resume under the GIL.
local gen = coroutine.wrap(function()
  for i = 1, 1e9 do coroutine.yield(i) end
end)
local lock = sync.lock()
local workers = {}
for w = 1, 4 do
  workers[w] = thread.spawn(function()
    local sum = 0
    for _ = 1, 250 do
      lock:acquire()
      sum = sum + gen()
      lock:release()
    end
    return sum
  end)
end
local total = 0
for w = 1, 4 do total = total + workers[w]:join() end
print(total) -- expect: 500500
