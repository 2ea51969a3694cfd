-- Sieve of Eratosthenes, prime factorisation and a few number-theory helpers.
local function sieve(n)
  local is = {}
  for i = 2, n do is[i] = true end
  for i = 2, math.floor(math.sqrt(n)) do
    if is[i] then for j = i * i, n, i do is[j] = false end end
  end
  local primes = {}
  for i = 2, n do if is[i] then primes[#primes + 1] = i end end
  return primes
end
local p = sieve(100000)
print(#p, p[1], p[100], p[#p])
local first = {}
for i = 1, 25 do first[i] = p[i] end
print(table.concat(first, " "))
local function factor(n)
  local f = {}
  local d = 2
  while d * d <= n do
    while n % d == 0 do f[#f + 1] = d; n = n // d end
    d = d + 1
  end
  if n > 1 then f[#f + 1] = n end
  return table.concat(f, "*")
end
for _, n in ipairs({ 2, 12, 97, 360, 1001, 65536, 999999, 600851475143 }) do print(n, factor(n)) end
local function gcd(a, b) while b ~= 0 do a, b = b, a % b end return a end
local function modpow(b, e, m) local r = 1 b = b % m while e > 0 do if e & 1 == 1 then r = r * b % m end b = b * b % m e = e >> 1 end return r end
print(gcd(1071, 462), gcd(2 ^ 40 | 0, 6 ^ 20 | 0), modpow(2, 100, 1000000007), modpow(3, 200, 13))
local twin = 0
for i = 2, #p do if p[i] - p[i - 1] == 2 then twin = twin + 1 end end
print("twin pairs below 100000", twin)
