-- table.move: overlapping ranges in both directions, another destination table.
local function show(t, n) local r = {} for i = 1, n do r[i] = tostring(t[i]) end return table.concat(r, " ") end
local t = { 1, 2, 3, 4, 5, 6 }
table.move(t, 1, 3, 3); print(show(t, 6))
t = { 1, 2, 3, 4, 5, 6 }
table.move(t, 3, 6, 1); print(show(t, 6))
t = { 1, 2, 3 }
local d = table.move(t, 1, 3, 2, {}); print(show(d, 4))
print(table.move({ 1, 2 }, 1, 0, 5)[5], #table.move({}, 1, 0, 1))
local r = table.move({ "a", "b", "c" }, 1, 3, 1, { "x", "y", "z", "w" }); print(show(r, 4))
print(pcall(table.move, {}, 1, math.maxinteger, 2))
print(pcall(table.move, {}, -1, math.maxinteger, 2))
print(pcall(function() return type(table.move({ 1 }, 1, 1, math.maxinteger)) end))
print(pcall(table.move, 1, 1, 1, 1))
print(pcall(table.move, {}, 1, 1, 1, "x"))
local src = setmetatable({}, { __index = function(_, k) return k * 10 end })
local dst = table.move(src, 1, 4, 1, {}); print(show(dst, 4))
