-- Closures created in the same scope share one upvalue, before and after the scope closes.
local function pair()
  local v = 0
  local function get() return v end
  local function set(x) v = x end
  set(5)
  print("inside", get(), v)
  v = 6
  return get, set
end
local get, set = pair()
print(get()); set(42); print(get())
local shared
do
  local x = 1
  local f = function() x = x + 1; return x end
  local g = function() x = x * 10; return x end
  shared = { f, g }
  print(f(), g(), f(), x)
end
print(shared[1](), shared[2](), shared[1]())
local function outer()
  local a = 1
  local function mid()
    local function inner() a = a + 1; return a end
    return inner
  end
  return mid(), function() return a end
end
local inc, read = outer()
inc(); inc()
print(read())
