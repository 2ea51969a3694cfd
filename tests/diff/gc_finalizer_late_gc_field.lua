-- An object is marked for finalization only if its metatable has __gc when
-- setmetatable is called: a __gc added later does not count.
local mt = {}
setmetatable({}, mt)
mt.__gc = function() print("late finalizer ran") end
collectgarbage()
print("after first collect")
-- setmetatable again now that __gc exists: marked
local o = setmetatable({}, mt)
o = nil
collectgarbage()
-- a __gc that is not a function is still a mark; removing it later makes
-- the finalizer call find nothing
local mt2 = {__gc = true}
setmetatable({}, mt2)
mt2.__gc = nil
collectgarbage()
-- a __gc replaced after marking: the current one runs
local mt3 = {__gc = function() print("old") end}
setmetatable({}, mt3)
mt3.__gc = function() print("new") end
collectgarbage()
print("end")
