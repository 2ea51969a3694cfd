-- An error in a finalizer does not propagate: it becomes a warning (on
-- stderr, only with warnings on), and the other finalizers still run.
warn("@on")
setmetatable({}, {__gc = function() print("third") end})
setmetatable({}, {__gc = function() error("boom") end})
setmetatable({}, {__gc = function() print("first") error({}) end})
print(pcall(collectgarbage))
print("after")
