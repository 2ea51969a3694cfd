-- debug.getmetatable / setmetatable: raw (past __metatable), any type.
local t = setmetatable({}, {__metatable = "locked", __index = {x = 1}})
print(getmetatable(t), type(debug.getmetatable(t)), debug.getmetatable(t).__metatable)
print(pcall(setmetatable, t, {}))
print(debug.setmetatable(t, nil) == t, getmetatable(t), t.x)
print(debug.getmetatable(1), debug.getmetatable(nil), debug.getmetatable(true))
print(debug.getmetatable("s").__index == string)
print(pcall(debug.getmetatable))
print(pcall(debug.setmetatable, {}, 1))
print(pcall(debug.setmetatable, {}))

-- numbers: one metatable for integers and floats
debug.setmetatable(0, {__index = function(n, k) return k .. n end, __call = function(n, x) return n * x end})
print((5).abc, (2.5).k, (3)(4), (1.5)(2))
debug.setmetatable(1.0, nil)
print(debug.getmetatable(7))

-- booleans and nil
debug.setmetatable(true, {__len = function(b) return b and 1 or 0 end})
print(#true, #false)
debug.setmetatable(false, nil)
print(pcall(function() return #true end))
debug.setmetatable(nil, {__index = function() return "from nil" end})
local n = nil
print(n.anything)
debug.setmetatable(nil, nil)

-- functions share one metatable
debug.setmetatable(print, {__index = {kind = "fn"}})
print(print.kind, (function() end).kind, string.rep.kind)
debug.setmetatable(print, nil)

-- strings: replace and restore
local smt = debug.getmetatable("")
debug.setmetatable("", {__index = {shout = function(s) return string.upper(s) end}})
print(("hi"):shout())
debug.setmetatable("", smt)
print(("ok"):upper())

-- threads
debug.setmetatable(coroutine.running(), {__tostring = function() return "a thread" end})
print(tostring(coroutine.create(print)))
debug.setmetatable(coroutine.running(), nil)

print(type(debug.getregistry()))
