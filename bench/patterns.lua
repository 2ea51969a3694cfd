-- Lua patterns: gsub with string, table and function replacements, gmatch
-- with captures, find with and without plain matching, match with anchors.
-- Usage: patterns.lua [SCALE]; SCALE multiplies the number of rounds.
local scale = tonumber(arg and arg[1]) or 1
local lines = {}
for i = 1, 2000 do
  lines[i] = string.format("user%d@host%d.example.org  id=%d  score: %d.%d  tag=[%s]",
    i, i % 13, i * 7, i % 100, i % 10, ("x"):rep(i % 5 + 1))
end
local text = table.concat(lines, "\n")

local acc = 0
for round = 1, math.max(1, math.floor(90 * scale + 0.5)) do
  for user, host in text:gmatch("(%w+)@([%w%.]+)") do acc = acc + #user + #host end
  local replaced, n = text:gsub("id=(%d+)", function(id) return "id<" .. (id * 2) .. ">" end)
  acc = acc + n + #replaced
  local vowels = text:gsub("[aeiou]", { a = "4", e = "3", o = "0" })
  acc = acc + #vowels
  local pos, count = 1, 0
  while true do
    local s, e = text:find("score: %d+%.%d", pos)
    if not s then break end
    count, pos = count + 1, e + 1
  end
  acc = acc + count + (text:find("[x]", 1, true) or 0)
  for i = 1, #lines, 50 do
    local name, score = lines[i]:match("^(%a+)%d+@.-score: (%d+)")
    acc = acc + #name + tonumber(score)
  end
  acc = acc % 1000000007
end
print(acc)
