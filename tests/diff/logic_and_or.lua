-- and/or return one of their operands and short-circuit.
print(1 and 2, nil and 2, false and 2, 1 or 2, nil or 2, false or nil, nil or false)
print(nil and nil, false or false, 0 and "zero", "" or "x")
local calls = 0
local function f(v) calls = calls + 1; return v end
local _ = f(false) and f(true)
local _ = f(true) or f(false)
print(calls)
local x = nil
local v = x and x.field or "default"
print(v)
local function max(a, b) return a > b and a or b end
print(max(3, 5), max(5, 3), max(-1, -2))
print(false and error("never") or "ok")
print(1 and nil or "fallback")
print(not nil, not false, not 0, not "", not not nil, not {})
local t = {}
t.a = t.a or {}
t.a.b = (t.a.b or 0) + 1
print(t.a.b)
print(1 == 1 and "eq" or "ne", 1 ~= 1 and "ne" or "eq")
print((nil or false) == false, (false or nil) == nil)
