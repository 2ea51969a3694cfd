-- <const> locals: readable everywhere, assignments rejected at compile time.
local x <const> = 10
local s <const> = "const string"
local function get() return x * 2, s end
print(x, s, get())
print(load("local a <const> = 1; a = 2"))
print(load("local b <const> = {}; b.field = 1; return b.field")())
print(load("local c <const> = 1; return function() c = 3 end"))
local t <const> = { n = 1 }
t.n = t.n + 1
print(t.n)
local big <const> = 2^53
local str <const> = "a" .. "b"
print(big, str, math.type(big))
local k1 <const>, k2 <const> = 1, 2
print(k1 + k2)
