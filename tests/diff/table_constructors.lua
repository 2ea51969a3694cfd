-- Table constructors: positional, named, bracketed keys, separators, trailing calls.
local function three() return 1, 2, 3 end
local t = { 10, 20, 30; x = "x", ["y z"] = "yz", [1 + 1] = "ignored?", 40, }
print(t[1], t[2], t[3], t[4], t.x, t["y z"], #t)
local u = { three() }
local v = { three(), three() }
local w = { (three()) }
local x = { three(), 10 }
print(#u, #v, #w, #x, v[1], v[2], v[4], x[1], x[2])
local nested = { { 1, 2 }, { 3, { 4, 5 } }, k = { deep = { deeper = "yes" } } }
print(nested[2][2][1], nested.k.deep.deeper, #nested, #nested[2])
local e = {}
print(next(e), #e)
local mixed = { [1] = "a", [2] = "b", "c" }
print(mixed[1], mixed[2])
local f = { [1.0] = "float one", [2^53] = "big" }
print(f[1], f[2^53])
local g = { n = select("#", three()), three() }
print(g.n, g[1], g[3])
local varargs = (function(...) return { ..., n = select("#", ...) } end)(5, nil, 7)
print(varargs.n, varargs[1], varargs[2], varargs[3])
print(#{ 1, 2, 3, nil }, #{ n = 1 }, #{ nil, nil, 3 } >= 0)
