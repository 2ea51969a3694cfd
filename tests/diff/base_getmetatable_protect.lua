-- __metatable protects a metatable: getmetatable returns the field and
-- setmetatable refuses; strings share one metatable.
local t = setmetatable({}, { __metatable = "locked" })
print(getmetatable(t))
print(pcall(setmetatable, t, {}))
print(pcall(setmetatable, t, nil))
print(getmetatable("abc").__index == string)
print(getmetatable(1), getmetatable(nil), getmetatable(print))
print(pcall(setmetatable, 1, {}))
print(pcall(setmetatable, {}, 1))
print(pcall(setmetatable, {}))
local m = {}
local u = setmetatable({}, m)
print(getmetatable(u) == m, setmetatable(u, nil) == u, getmetatable(u))
local f = setmetatable({}, { __metatable = false })
print(getmetatable(f))
