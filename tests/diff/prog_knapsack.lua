-- 0/1 knapsack with reconstruction of the chosen items.
local items = { { "map", 9, 150 }, { "compass", 13, 35 }, { "water", 153, 200 }, { "sandwich", 50, 160 },
  { "glucose", 15, 60 }, { "tin", 68, 45 }, { "banana", 27, 60 }, { "apple", 39, 40 },
  { "cheese", 23, 30 }, { "beer", 52, 10 }, { "suntan", 11, 70 }, { "camera", 32, 30 } }
local cap = 400
local best = {}
for w = 0, cap do best[w] = 0 end
local keep = {}
for i, it in ipairs(items) do
  keep[i] = {}
  for w = cap, it[2], -1 do
    local with = best[w - it[2]] + it[3]
    if with > best[w] then best[w] = with; keep[i][w] = true end
  end
end
local w, chosen = cap, {}
for i = #items, 1, -1 do
  if keep[i][w] then table.insert(chosen, 1, items[i][1]); w = w - items[i][2] end
end
print(best[cap], table.concat(chosen, ","), cap - w)
