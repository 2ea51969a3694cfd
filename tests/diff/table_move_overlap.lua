-- table.move: overlapping ranges both ways, another table, metamethods.
local function show(t, n) local out = {} for i = 1, n do out[i] = tostring(t[i]) end print(table.concat(out, " ")) end
local t = { 1, 2, 3, 4, 5, 6 }
table.move(t, 1, 4, 3)
show(t, 6)
t = { 1, 2, 3, 4, 5, 6 }
table.move(t, 3, 6, 1)
show(t, 6)
local dst = table.move({ "a", "b", "c" }, 1, 3, 2, { "x" })
show(dst, 4)
print(table.move({}, 1, 0, 1) ~= nil)
local log = {}
local src = setmetatable({}, { __index = function(_, k) log[#log + 1] = "get" .. k return k * 10 end })
local d = setmetatable({}, { __newindex = function(t, k, v) log[#log + 1] = "set" .. k rawset(t, k, v) end })
table.move(src, 1, 3, 1, d)
print(table.concat(log, " "), d[1], d[3])
print(pcall(table.move, {}, 1, math.maxinteger, 2))
print(pcall(table.move, {}, -1, math.maxinteger, 2))
print(pcall(table.move, {}, 1, 2))
