-- Chains of __index tables and functions, and long chains.
local A = { a = "A.a", shared = "A" }
local B = setmetatable({ b = "B.b", shared = "B" }, { __index = A })
local C = setmetatable({ c = "C.c" }, { __index = B })
local obj = setmetatable({}, { __index = C })
print(obj.a, obj.b, obj.c, obj.shared, obj.none)
local fn_end = setmetatable({}, { __index = setmetatable({}, { __index = function(_, k) return "fn:" .. k end }) })
print(fn_end.x)
local base = { depth = "bottom" }
local cur = base
for i = 1, 100 do cur = setmetatable({ ["level" .. i] = i }, { __index = cur }) end
print(cur.depth, cur.level1, cur.level100, cur.level50)
local loop1 = {}
local loop2 = setmetatable({}, { __index = loop1 })
setmetatable(loop1, { __index = loop2 })
print(pcall(function() return loop1.x end))
local str_idx = setmetatable({}, { __index = "a string" })
print(pcall(function() return type(str_idx.len), str_idx.len == string.len end))
print(pcall(function() return str_idx.nope end))
local num_idx = setmetatable({}, { __index = 5 })
print(pcall(function() return num_idx.x end))
