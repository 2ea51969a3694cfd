-- sync.event: set, clear, is_set, wait with and without timeout.
local e = sync.event()
print(e:is_set(), e:wait(0)) -- expect: false	false
local start = sys.monotonic()
print(e:wait(0.05)) -- expect: false
print(sys.monotonic() - start >= 0.045) -- expect: true
e:set()
print(e:is_set(), e:wait(), e:wait(0), e:wait(1)) -- expect: true	true	true	true
e:set() -- setting twice is harmless
e:clear()
print(e:is_set(), e:wait(0)) -- expect: false	false
e:clear()

-- set wakes every waiter.
local ready = sync.queue()
local waiters = {}
for i = 1, 5 do
  waiters[i] = thread.spawn(function()
    ready:put(i)
    return e:wait(30)
  end)
end
for i = 1, 5 do ready:get() end
e:set()
local all = true
for i = 1, 5 do all = all and waiters[i]:join() end
print(all) -- expect: true

print(select(2, pcall(function() return e:wait(-1) end))) -- expect: sync_event.lua:29: bad argument #1 to 'wait' (timeout must be a non-negative number)
print(select(2, pcall(function() return e.set({}) end))) -- expect: sync_event.lua:30: bad argument #1 to 'set' (sync.event expected, got table)
print(select(2, pcall(function() return e.clear() end))) -- expect: sync_event.lua:31: bad argument #1 to 'clear' (sync.event expected, got no value)
print(select(2, pcall(function() return e.is_set(sync.queue()) end))) -- expect: sync_event.lua:32: bad argument #1 to 'is_set' (sync.event expected, got sync.queue)
print(type(sync.lock()), tostring(sync.event()):match("^sync.event")) -- expect: userdata	sync.event
