-- load's fourth argument sets the chunk's _ENV upvalue.
local env = { x = 10, tostring = tostring }
local f = load("y = x * 2; return tostring(y)", "envchunk", "t", env)
print(f(), env.y, y)
local g = load("return print", "c", "t", {})
print(g())
local h = load("return x", "c", "t", nil)
print(pcall(h))
x = "global x"
print(load("return x")(), load("return x", "c", "t", { x = "env x" })())
print(pcall(load("return undefined_thing.field", "=env", "t", {})))
local counter = setmetatable({}, { __index = function(_, k) return "missing:" .. k end })
print(load("return a, b", "c", "t", counter)())
local f2 = load("local _ENV = ...; return value", "c", "t")
print(f2({ value = "passed env" }))
