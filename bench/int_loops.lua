-- Integer arithmetic in numeric for loops: Collatz chain lengths, with
-- integer division, modulo and bitwise operators.
-- Lua 5.4 only: integer division (//) and bitwise operators.
-- Usage: int_loops.lua [SCALE]; SCALE multiplies the number of chains.
local scale = tonumber(arg and arg[1]) or 1
local longest, longest_start, total = 0, 0, 0
for start = 1, math.max(1, math.floor(450000 * scale + 0.5)) do
  local n, steps = start, 0
  while n ~= 1 do
    if n & 1 == 0 then n = n // 2 else n = 3 * n + 1 end
    steps = steps + 1
  end
  total = (total + steps * (start % 7)) % 1000000007
  if steps > longest then longest, longest_start = steps, start end
end
print(longest_start, longest, total)
