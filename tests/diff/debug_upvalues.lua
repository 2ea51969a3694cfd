-- getupvalue / setupvalue / upvalueid / upvaluejoin.
local a, b = 1, "two"
local function f() return a, b end
print(debug.getupvalue(f, 1))
print(debug.getupvalue(f, 2))
print(debug.getupvalue(f, 3))
print(debug.getupvalue(f, 0))
print(debug.setupvalue(f, 1, 10), a, f())
print(debug.setupvalue(f, 5, 10))
print(pcall(debug.getupvalue, 1, 1))
print(pcall(debug.setupvalue, f, 1))
print(pcall(debug.getupvalue, f))

-- natives: "" names
local wrapped = coroutine.wrap(function() end)
local name, value = debug.getupvalue(wrapped, 1)
print(name == "", type(value))
print(debug.getupvalue(print, 1))
print(debug.getupvalue(string.gmatch("a", "a"), 1) ~= nil)

-- _ENV is an upvalue of the main chunk's functions
local function g() return print end
print(debug.getupvalue(g, 1) == "_ENV", select(2, debug.getupvalue(g, 1)) == _ENV)
print(debug.getupvalue(load("return x"), 1) == "_ENV")

-- upvalueid identifies shared upvalues
local function counter()
  local n = 0
  return function() n = n + 1 return n end, function() return n end
end
local inc, get = counter()
print(type(debug.upvalueid(inc, 1)))
print(debug.upvalueid(inc, 1) == debug.upvalueid(get, 1))
local inc2 = counter()
print(debug.upvalueid(inc, 1) == debug.upvalueid(inc2, 1))
print(debug.upvalueid(inc, 2), debug.upvalueid(print, 1))
print(type(debug.upvalueid(wrapped, 1)))
print(pcall(debug.upvalueid, inc))
print(pcall(debug.upvalueid, 1, 1))

-- upvaluejoin: inc2 now counts get's n
debug.upvaluejoin(inc2, 1, get, 1)
inc2() inc2()
print(get(), debug.upvalueid(inc2, 1) == debug.upvalueid(get, 1))
print(pcall(debug.upvaluejoin, inc, 2, get, 1))
print(pcall(debug.upvaluejoin, inc, 1, get, 3))
print(pcall(debug.upvaluejoin, wrapped, 1, get, 1))
print(pcall(debug.upvaluejoin, inc, 1, wrapped, 1))
print(pcall(debug.upvaluejoin, print, 1, get, 1))
