-- Multiple assignment evaluates all expressions before assigning.
local a, b, c = 1, 2, 3
a, b, c = c, a, b
print(a, b, c)
local t = { 1, 2, 3 }
local i = 1
i, t[i] = i + 1, "changed"
print(i, t[1], t[2])
local x, y = 1
print(x, y)
local p, q = 1, 2, 3
print(p, q)
local u = {}
u.a, u.b, u.a = 1, 2, 3
print(u.b)
local s = { n = 0 }
local function nxt() s.n = s.n + 1; return s.n end
local r1, r2, r3 = nxt(), nxt(), nxt()
print(r1, r2, r3)
local m, n = (function() return "m", "n" end)()
print(m, n)
