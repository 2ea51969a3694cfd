-- _ENV is an upvalue: globals resolve through it; local _ENV changes scope.
x = "global x"
local function show() return x end
print(show())
do
  local _ENV = { x = "sandbox x", print = print }
  print(x)
  y = 5
  print(y)
end
print(y, x)
local function with_env(env) local _ENV = env; return function() return z end end
print(with_env({ z = 1 })(), with_env({ z = 2 })(), with_env({})())
local env = setmetatable({}, { __index = _G })
local f = load("w = 10; return w + 1", "chunk", "t", env)
print(f(), env.w, w)
print(_ENV == _G, _G._G == _G)
local function set_global() local _ENV <const> = _ENV; v2 = "set"; end
set_global()
print(v2)
