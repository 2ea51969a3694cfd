-- debug.setmetatable marks a table for finalization as setmetatable does,
-- and the raw set ignores __metatable.
local t = {}
debug.setmetatable(t, {__gc = function () print("finalized t") end, __metatable = "locked"})
print(getmetatable(t))
t = nil
collectgarbage()
print("after the collection")
local later = setmetatable({}, {__metatable = false})
debug.setmetatable(later, {__gc = function () print("finalized at exit") end})
print("end of the chunk")
