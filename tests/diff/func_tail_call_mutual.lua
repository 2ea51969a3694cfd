-- Mutually recursive tail calls, tail calls through closures and varargs.
local even, odd
function even(n) if n == 0 then return true end return odd(n - 1) end
function odd(n) if n == 0 then return false end return even(n - 1) end
print(even(1000001), odd(1000001), even(500000))
local function alternating(state, n)
  if n == 0 then return state end
  local nextf = (n % 2 == 0) and function(s, m) return alternating(s .. "", m) end or alternating
  return nextf(state, n - 1)
end
print(alternating("ok", 300000))
local callable = setmetatable({}, { __call = function(self, n) if n == 0 then return "call done" end return self(n - 1) end })
print(callable(200000))
local function ret_multi(n) if n == 0 then return 1, 2, 3 end return ret_multi(n - 1) end
print(ret_multi(100000))
