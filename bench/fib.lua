-- Recursive calls: naive Fibonacci, nothing but calls, compares and adds.
-- Usage: fib.lua [SCALE]; SCALE multiplies the number of calls (about).
local scale = tonumber(arg and arg[1]) or 1
local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end

print(fib(36 + math.floor(math.log(scale) / math.log(1.618) + 0.5)))
