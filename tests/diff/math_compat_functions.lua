-- Debian's lua5.4 is built with LUA_COMPAT_MATHLIB: pow, atan2, cosh, sinh, tanh, log10, frexp, ldexp.
local function f(x) return string.format("%.10g", x) end
print(f(math.pow(2, 10)), f(math.pow(9, 0.5)), f(math.atan2(1, 1)), f(math.atan2(-1, -1)))
print(f(math.cosh(0)), f(math.cosh(1)), f(math.sinh(0)), f(math.sinh(1)), f(math.tanh(0.5)))
print(f(math.log10(1000)), f(math.log10(2)), math.frexp(8), math.frexp(0.3), math.frexp(0))
print(math.ldexp(1, 10), math.ldexp(0.75, 2), math.ldexp(3, -1), math.frexp(-5))
