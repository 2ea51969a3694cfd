-- Pascal's triangle rows, binomials past 2^53, and integer wraparound.
local row = { 1 }
for n = 1, 12 do
  local next_row = { 1 }
  for k = 2, n do next_row[k] = row[k - 1] + row[k] end
  next_row[n + 1] = 1
  row = next_row
  if n % 4 == 0 then print(n, table.concat(row, " ")) end
end
local function binom(n, k)
  local r = 1
  for i = 1, k do r = r * (n - i + 1) // i end
  return r
end
print(binom(60, 30), binom(62, 31), binom(67, 33))
print(binom(60, 30) + 0.0, string.format("%.0f", binom(62, 31)))
