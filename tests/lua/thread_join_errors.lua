-- join's misuses: joining oneself, the main thread, bad arguments.
local main = thread.current()
print(select(2, pcall(function() return main:join() end))) -- expect: thread_join_errors.lua:3: cannot join the main thread

local h = thread.spawn(function()
  local self_join = select(2, pcall(function() return thread.current():join() end))
  local main_join = select(2, pcall(function() return main:join(1) end))
  return self_join, main_join
end)
local self_join, main_join = h:join()
print(self_join) -- expect: thread_join_errors.lua:6: cannot join the current thread
print(main_join) -- expect: thread_join_errors.lua:7: cannot join the main thread

print(select(2, pcall(function() return h:join(-1) end))) -- expect: thread_join_errors.lua:14: bad argument #1 to 'join' (timeout must be a non-negative number)
print(select(2, pcall(function() return h:join("soon") end))) -- expect: thread_join_errors.lua:15: bad argument #1 to 'join' (number expected, got string)
print(select(2, pcall(function() return h.join({}) end))) -- expect: thread_join_errors.lua:16: bad argument #1 to 'join' (thread expected, got table)
print(select(2, pcall(function() return h.join() end))) -- expect: thread_join_errors.lua:17: bad argument #1 to 'join' (thread expected, got no value)

-- spawn wants a function (or a value with __call: thread_spawn_callable.lua).
print(select(2, pcall(thread.spawn))) -- expect: bad argument #1 to 'thread.spawn' (function expected, got no value)
print(select(2, pcall(thread.spawn, 42))) -- expect: bad argument #1 to 'thread.spawn' (function expected, got number)
print(select(2, pcall(thread.spawn, nil))) -- expect: bad argument #1 to 'thread.spawn' (function expected, got nil)
