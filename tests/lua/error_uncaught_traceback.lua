-- An uncaught error prints the message and a traceback on stderr and exits with status 1.
-- expect-error: error_uncaught_traceback.lua:5: boom
-- expect-error: stack traceback
print("before") -- expect: before
local function inner() error("boom") end
local function outer() inner() end
outer()
print("never printed")
