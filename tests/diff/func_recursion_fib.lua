-- Plain (non-tail) recursion: fib, hanoi, permutations.
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(25))
local moves = 0
local function hanoi(n, a, b, c) if n == 0 then return end hanoi(n - 1, a, c, b); moves = moves + 1; hanoi(n - 1, c, b, a) end
hanoi(15, "A", "B", "C")
print(moves)
local function perms(a, n, out)
  n = n or #a
  if n <= 1 then out[#out + 1] = table.concat(a) return end
  for i = 1, n do
    a[n], a[i] = a[i], a[n]
    perms(a, n - 1, out)
    a[n], a[i] = a[i], a[n]
  end
end
local out = {}
perms({ "a", "b", "c", "d" }, nil, out)
table.sort(out)
print(#out, table.concat(out, " "))
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
print(depth(10000))
