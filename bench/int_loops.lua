-- Integer arithmetic in numeric for loops: Collatz chain lengths, with
-- integer division, modulo and bitwise operators.
local longest, longest_start, total = 0, 0, 0
for start = 1, 450000 do
  local n, steps = start, 0
  while n ~= 1 do
    if n & 1 == 0 then n = n // 2 else n = 3 * n + 1 end
    steps = steps + 1
  end
  total = (total + steps * (start % 7)) % 1000000007
  if steps > longest then longest, longest_start = steps, start end
end
print(longest_start, longest, total)
