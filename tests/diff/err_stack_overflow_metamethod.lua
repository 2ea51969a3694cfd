-- Infinite recursion through metamethods and library callbacks is caught too.
local t = setmetatable({}, {})
getmetatable(t).__index = function(self, k) return self[k .. "x"] end
print(select(2, pcall(function() return t.a end)):find("stack overflow") ~= nil)
local a = setmetatable({}, {})
getmetatable(a).__add = function(x, y) return (x + y) + 1 end
print(select(2, pcall(function() return a + 1 end)):find("stack overflow") ~= nil)
local function g(s) return (s:gsub(".", g)) end
print(select(2, pcall(g, "abc")):find("stack overflow") ~= nil)
local function sorter() table.sort({ 3, 2, 1 }, function(x, y) sorter(); return x < y end) end
print(select(2, pcall(sorter)):find("stack overflow") ~= nil)
local function tostr() return tostring(setmetatable({}, { __tostring = tostr })) end
print(select(2, pcall(tostr)):find("stack overflow") ~= nil)
print("survived")
