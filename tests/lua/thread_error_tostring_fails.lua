-- A thread fails with an error object whose __tostring fails: join
-- re-raises the object itself, and the report of a thread nobody joined
-- says what failed, with the thread's traceback.
-- expect-stderr: (never joined): (error object is a table value; its __tostring failed: thread_error_tostring_fails.lua:7: tostring broke)
-- expect-stderr: thread_error_tostring_fails.lua:12: in function
-- expect-no-stderr: error in error handling
local obj = setmetatable({}, { __tostring = function() error("tostring broke") end })
local h = thread.spawn(function() error(obj) end)
local ok, err = pcall(h.join, h)
print(ok, err == obj) -- expect: false	true

thread.spawn(function() error(obj) end)
