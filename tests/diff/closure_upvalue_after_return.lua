-- Upvalues stay alive (closed) after the enclosing function returned, even deep down.
local function make_chain(n)
  local val = n
  if n == 0 then return function() return val end end
  local inner = make_chain(n - 1)
  return function() return val + inner() end
end
print(make_chain(10)())
local function adder(x) return function(y) return function(z) return x + y + z end end end
print(adder(1)(2)(3), adder("1")(2)(3.5))
local t = {}
do
  local big = {}
  for i = 1, 100 do big[i] = i end
  t.f = function() return #big, big[100] end
end
collectgarbage()
print(t.f())
local function swap()
  local a, b = 1, 2
  return function() a, b = b, a; return a, b end
end
local s = swap()
print(s()); print(s()); print(s())
