-- Array traffic: the sieve of Eratosthenes over a fresh boolean array, many
-- times; integer-keyed table reads and writes in tight loops.
-- Usage: sieve.lua [SCALE]; SCALE multiplies the number of rounds.
local scale = tonumber(arg and arg[1]) or 1
local function sieve(limit)
  local composite = {}
  for i = 1, limit do composite[i] = false end
  local count = 0
  for i = 2, limit do
    if not composite[i] then
      count = count + 1
      for multiple = i * i, limit, i do composite[multiple] = true end
    end
  end
  return count
end

local total = 0
for round = 1, math.max(1, math.floor(60 * scale + 0.5)) do total = total + sieve(500000 + round) end
print(total)
