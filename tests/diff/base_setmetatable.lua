-- setmetatable returns its first argument; metatables can be replaced and removed.
local t = {}
local mt1 = { __index = { v = 1 } }
local mt2 = { __index = { v = 2 } }
print(setmetatable(t, mt1) == t, t.v)
setmetatable(t, mt2)
print(t.v, getmetatable(t) == mt2)
setmetatable(t, nil)
print(t.v, getmetatable(t))
local shared = { __index = function(_, k) return "shared " .. k end }
local a, b = setmetatable({}, shared), setmetatable({}, shared)
print(a.x, b.y, getmetatable(a) == getmetatable(b))
shared.__index = function(_, k) return "changed " .. k end
print(a.x)
local self_mt = {}
self_mt.__index = self_mt
self_mt.hello = "from self"
print(setmetatable({}, self_mt).hello)
