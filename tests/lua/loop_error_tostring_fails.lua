-- Loop tasks and pool jobs that fail with an error object whose __tostring
-- fails: awaiting or asking for the result re-raises the object itself; a
-- task nobody awaited is reported with what failed and its traceback; an
-- uncaught one is reported by the program the same way.
-- expect-stderr: nobody awaited it: (error object is a table value; its __tostring failed: loop_error_tostring_fails.lua:10: tostring broke)
-- expect-stderr: loop_error_tostring_fails.lua:15: in function
-- expect-error: (error object is a table value; its __tostring failed: loop_error_tostring_fails.lua:10: tostring broke)
-- expect-error: in method 'result'
-- expect-no-stderr: error in error handling
local obj = setmetatable({}, { __tostring = function() error("tostring broke") end })
loop.run(function()
  local ok, err = pcall(await, loop.spawn(function() error(obj) end))
  print("task", ok, err == obj) -- expect: task	false	true

  loop.spawn(function() error(obj) end)
  loop.sleep(0.01)
end)

local ex = executor.threads(1)
local f = ex:submit(function() error(obj) end)
local ok, err = pcall(f.result, f)
print("job", ok, err == obj) -- expect: job	false	true
ex:submit(function() error(obj) end):result()
