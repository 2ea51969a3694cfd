-- Float floor division and modulo, including infinities and NaN.
local vals = { 7.5, -7.5, 3.0, -3.0, 0.0, -0.0, 0.5 }
local divs = { 2.0, -2.0, 0.25, -0.25, 3 }
for _, a in ipairs(vals) do
  for _, b in ipairs(divs) do
    print(a, b, a // b, a % b)
  end
end
print(5.3 % 2, -5.3 % 2, 5.3 % -2, -5.3 % -2)
print(1 % math.huge, -1 % math.huge, 1 % -math.huge, -1 % -math.huge)
print(math.huge // 1, -math.huge // 1, 1 // math.huge, -1 // math.huge)
print(5 % math.huge, math.huge % 5 ~= math.huge % 5)
print(5.0 % 0 ~= 5.0 % 0, 5 // 0.0, -5 // 0.0)
print(3 % -0.0 ~= 3 % -0.0)
print(7 // 2.0, math.type(7 // 2.0), 7 % 2.0, math.type(7 % 2.0))
print(2^53 % 3, (2^53 + 1) // 2)
