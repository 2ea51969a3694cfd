-- Sorting: table.sort with a Lua comparator (a call per comparison) on
-- records, and without one on plain numbers and strings.
-- Lua 5.4 only: bitwise operators (>>).
-- Usage: sort.lua [SCALE]; SCALE multiplies the number of rounds.
local scale = tonumber(arg and arg[1]) or 1
local seed = 42
local function next_random(n)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return (seed >> 8) % n + 1
end

local acc = 0
for round = 1, math.max(1, math.floor(8 * scale + 0.5)) do
  local records = {}
  for i = 1, 40000 do
    records[i] = { key = next_random(1000), id = i, name = "r" .. next_random(500) }
  end
  table.sort(records, function(a, b)
    if a.key ~= b.key then return a.key < b.key end
    return a.id > b.id
  end)
  local numbers, names = {}, {}
  for i = 1, 40000 do numbers[i] = next_random(1000000) * 0.5 end
  for i = 1, 20000 do names[i] = records[i].name .. i end
  table.sort(numbers)
  table.sort(names)
  for i = 1, #records, 97 do acc = (acc * 31 + records[i].id) % 1000000007 end
  acc = (acc + math.floor(numbers[20000]) + #names[10000]) % 1000000007
end
print(acc)
