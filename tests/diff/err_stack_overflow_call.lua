-- Infinite recursion through __call.
local c = setmetatable({}, {})
getmetatable(c).__call = function(self) return 1 + self() end
print(select(2, pcall(c)):find("stack overflow") ~= nil)
