-- __lt and __le; Lua 5.4 no longer emulates __le with __lt.
local mt = {}
mt.__lt = function(a, b) return a.v < b.v end
mt.__le = function(a, b) return a.v <= b.v end
local function N(v) return setmetatable({ v = v }, mt) end
local x, y, z = N(1), N(2), N(2)
print(x < y, y < x, x <= y, y <= z, y > x, y >= z, z > y)
local list = { N(5), N(3), N(9), N(1) }
table.sort(list)
local out = {}
for i, n in ipairs(list) do out[i] = n.v end
print(table.concat(out, " "))
local only_lt = setmetatable({ v = 1 }, { __lt = function(a, b) return true end })
print(only_lt < only_lt, pcall(function() return only_lt <= only_lt end))
local mixed = setmetatable({}, { __lt = function(a, b) return type(a) .. "<" .. type(b) end, __le = function(a, b) return false end })
print(mixed < 1, 1 < mixed, mixed > 1, "s" < mixed, mixed <= 1, mixed >= 1)
print(pcall(function() return {} < {} end))
print(pcall(function() return N(1) < 1 end))
