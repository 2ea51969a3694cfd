-- An uncaught error object whose __tostring fails is reported with what
-- failed and the traceback, not as "error in error handling".
-- expect-error: (error object is a table value; its __tostring failed: error_uncaught_tostring_fails.lua:5: tostring broke)
-- expect-error: in local 'fail'
local obj = setmetatable({}, { __tostring = function() error("tostring broke") end })
local function fail() error(obj) end
fail()
