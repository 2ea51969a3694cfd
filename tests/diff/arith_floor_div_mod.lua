-- Integer floor division and modulo with every sign combination.
local vals = { 7, -7, 3, -3, 0, 1, -1, 10, -10 }
local divs = { 3, -3, 1, -1, 2, -2, 7, -7 }
for _, a in ipairs(vals) do
  local row = {}
  for _, b in ipairs(divs) do
    row[#row + 1] = string.format("%d//%d=%d %d%%%d=%d", a, b, a // b, a, b, a % b)
  end
  print(table.concat(row, " "))
end
-- identity a == (a // b) * b + a % b
local ok = true
for a = -20, 20 do
  for b = -6, 6 do
    if b ~= 0 and (a // b) * b + a % b ~= a then ok = false end
  end
end
print("identity", ok)
print(math.maxinteger // 2, math.mininteger // 2, math.mininteger % 3, math.maxinteger % -3)
print(5 // 0.0, -5 // 0.0, 0 // 0.0 ~= 0 // 0.0)
