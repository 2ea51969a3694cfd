-- A handle's id, name and alive state; thread.current() on each thread.
local main = thread.current()
print(main:id(), main:name(), main:alive()) -- expect: 1	main	true
print(thread.current() == main, tostring(main)) -- expect: true	thread 1 (main)

local release = sync.event()
local h = thread.spawn(function()
  local me = thread.current()
  release:wait()
  return me:id(), me:name(), me:alive(), me
end)
print(h:id(), h:name(), h:alive(), tostring(h)) -- expect: 2	thread 2	true	thread 2
release:set()
local id, name, alive, me = h:join()
print(id, name, alive, me == h) -- expect: 2	thread 2	true	true
print(h:alive()) -- expect: false

-- Ids are never reused.
local ids = {}
for i = 1, 10 do ids[i] = thread.spawn(function() end) end
for i = 1, 10 do ids[i]:join() end
local a = thread.spawn(function() end)
print(a:id()) -- expect: 13
a:join()

-- The methods check their argument.
print(pcall(h.id, {})) -- expect: false	bad argument #1 to '?' (thread expected, got table)
print(select(2, pcall(function() return h.name(42) end))) -- expect: thread_handle.lua:28: bad argument #1 to 'name' (thread expected, got number)
print(select(2, pcall(function() return h.alive(sync.lock()) end))) -- expect: thread_handle.lua:29: bad argument #1 to 'alive' (thread expected, got sync.lock)
