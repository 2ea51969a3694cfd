-- An error in a finalizer becomes a warning, in Lua's words, once warnings
-- are on; the program goes on.
-- expect-stderr: Lua warning: error in __gc (error object is not a string)
-- expect-stderr: Lua warning: error in __gc (gc_finalizer_error_warning.lua:9: boom)
-- expect: true	0
-- expect: after
warn("@on")
setmetatable({}, {__gc = function() error({}) end})
setmetatable({}, {__gc = function() error("boom") end})
print(pcall(collectgarbage))
print("after")
