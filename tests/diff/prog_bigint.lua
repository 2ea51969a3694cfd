-- Arbitrary-precision non-negative integers in base 10^7: factorials and powers of two.
local BASE, WIDTH = 10000000, 7
local function from(n) local r = {} repeat r[#r + 1] = n % BASE; n = n // BASE until n == 0 return r end
local function mul_small(a, m)
  local r, carry = {}, 0
  for i = 1, #a do local v = a[i] * m + carry; r[i] = v % BASE; carry = v // BASE end
  while carry > 0 do r[#r + 1] = carry % BASE; carry = carry // BASE end
  return r
end
local function add(a, b)
  local r, carry = {}, 0
  for i = 1, math.max(#a, #b) do local v = (a[i] or 0) + (b[i] or 0) + carry; r[i] = v % BASE; carry = v // BASE end
  if carry > 0 then r[#r + 1] = carry end
  return r
end
local function mul(a, b)
  local r = {}
  for i = 1, #a + #b do r[i] = 0 end
  for i = 1, #a do
    local carry = 0
    for j = 1, #b do
      local v = r[i + j - 1] + a[i] * b[j] + carry
      r[i + j - 1] = v % BASE; carry = v // BASE
    end
    local k = i + #b
    while carry > 0 do local v = r[k] + carry; r[k] = v % BASE; carry = v // BASE; k = k + 1 end
  end
  while #r > 1 and r[#r] == 0 do r[#r] = nil end
  return r
end
local function tostr(a)
  local parts = { tostring(a[#a]) }
  for i = #a - 1, 1, -1 do parts[#parts + 1] = string.format("%0" .. WIDTH .. "d", a[i]) end
  return table.concat(parts)
end
local f = from(1)
for i = 2, 50 do f = mul_small(f, i) end
print("50! =", tostr(f))
local p = from(1)
for _ = 1, 200 do p = mul_small(p, 2) end
print("2^200 =", tostr(p))
local a, b = from(0), from(1)
for _ = 1, 300 do a, b = b, add(a, b) end
print("fib(300) =", tostr(a))
print("sq =", tostr(mul(from(99999999), from(99999999))))
local s = tostr(mul(f, f))
print(#s, s:sub(1, 20))
