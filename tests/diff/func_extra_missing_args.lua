-- Missing parameters are nil; extra arguments are dropped.
local function f(a, b, c) return a, b, c end
print(f())
print(f(1))
print(f(1, 2, 3, 4, 5))
local function g(a, ...) return a, select("#", ...) end
print(g(), g(1), g(1, 2, 3))
local function h(a, b) a = a or "default"; b = b == nil and 0 or b; return a, b end
print(h(), h(false, false), h("x", nil))
print((function(...) local a, b = ...; return b end)(1, 2, 3))
