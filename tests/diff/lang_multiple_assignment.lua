-- Multiple assignment: all expressions are evaluated before assigning;
-- swaps, extra values and missing values.
local a, b, c = 1, 2
print(a, b, c)
a, b = b, a
print(a, b)
local t = { 1, 2, 3 }
local i = 1
i, t[i] = i + 1, "changed"
print(i, t[1], t[2])
local function three() return 1, 2, 3 end
local x, y, z, w = three()
print(x, y, z, w)
local p, q = three(), 10
print(p, q)
local r = { three(), three() }
print(#r)
local s = { (three()) }
print(#s)
local u, v = (three())
print(u, v)
