-- The mode and __gc are looked up afresh after the metatable changes, even
-- once a collection or a setmetatable found them absent.
local function count(t) local n = 0 for _ in pairs(t) do n = n + 1 end return n end
local mt = {}
local t = setmetatable({}, mt)
t[{}] = 1
collectgarbage()
print(count(t))
mt.__mode = "k"
collectgarbage()
print(count(t))
local mt2 = {}
setmetatable({}, mt2)
collectgarbage()
mt2.__gc = function() print("gc") end
setmetatable({}, mt2)
collectgarbage()
print("end")
