-- String building: concatenation with `..` (many short-lived strings) and
-- with table.concat, plus string.rep and sub; checksum over the results.
-- Usage: string_build.lua [SCALE]; SCALE multiplies the number of rounds.
local scale = tonumber(arg and arg[1]) or 1
local function checksum(s, acc)
  for i = 1, #s, 7 do acc = (acc * 31 + s:byte(i)) % 1000000007 end
  return acc
end

local acc = 0
for round = 1, math.max(1, math.floor(80 * scale + 0.5)) do
  local s = ""
  for i = 1, 2000 do s = s .. (i % 10) .. "," end

  local parts = {}
  for i = 1, 20000 do parts[#parts + 1] = "item" .. i .. (round % 3 == 0 and "!" or "") end
  local joined = table.concat(parts, ";")

  acc = checksum(s, acc)
  acc = checksum(joined, acc)
  acc = checksum(string.rep("ab", 1000, "-"):sub(round, -round), acc)
end
print(acc)
