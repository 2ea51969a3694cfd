-- Prime factorisation, gcd and lcm with integers, including large values.
local function factor(n)
  local fs = {}
  local d = 2
  while d * d <= n do
    while n % d == 0 do fs[#fs + 1] = d; n = n // d end
    d = d + (d == 2 and 1 or 2)
  end
  if n > 1 then fs[#fs + 1] = n end
  return fs
end
local function gcd(a, b) while b ~= 0 do a, b = b, a % b end return a end
for _, n in ipairs({ 2, 97, 360, 1001, 65536, 600851475143, 9007199254740993 }) do
  print(n, table.concat(factor(n), "*"))
end
print(gcd(1071, 462), gcd(0, 5), gcd(2^40 // 1, 6 * 2^20 // 1))
local l = 1
for i = 1, 30 do l = l // gcd(l, i) * i end
print(l, math.type(l))
