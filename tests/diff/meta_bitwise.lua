-- Bitwise metamethods: __band __bor __bxor __shl __shr __bnot.
local mt = {}
local function B(v) return setmetatable({ v = v }, mt) end
local function val(x) return type(x) == "table" and x.v or x end
mt.__band = function(a, b) return B(val(a) & val(b)) end
mt.__bor = function(a, b) return B(val(a) | val(b)) end
mt.__bxor = function(a, b) return B(val(a) ~ val(b)) end
mt.__shl = function(a, b) return B(val(a) << val(b)) end
mt.__shr = function(a, b) return B(val(a) >> val(b)) end
mt.__bnot = function(a, b) return B(~val(a)), "ignored" end
local x, y = B(12), B(10)
print((x & y).v, (x | y).v, (x ~ y).v, (x << 2).v, (x >> 2).v, (~x).v)
print((x & 4).v, (1 | y).v, (3 ~ x).v, (1 << y).v)
local floaty = setmetatable({}, { __band = function() return "band on float" end })
print(1.5 & floaty, floaty & 2.5)
print(pcall(function() return 1.5 & 1 end))
local strbit = setmetatable({}, { __bor = function(a, b) return "bor:" .. tostring(type(a)) .. tostring(type(b)) end })
print("3" | strbit, strbit | "x")
print(pcall(function() return "3" | {} end))
print(pcall(function() return 2.5 | {} end))
