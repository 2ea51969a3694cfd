-- Edit distance by dynamic programming over byte strings.
local function distance(a, b)
  local prev, cur = {}, {}
  for j = 0, #b do prev[j] = j end
  for i = 1, #a do
    cur[0] = i
    local ca = a:byte(i)
    for j = 1, #b do
      local cost = ca == b:byte(j) and 0 or 1
      cur[j] = math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
    end
    prev, cur = cur, prev
  end
  return prev[#b]
end
local pairs_ = { { "kitten", "sitting" }, { "", "abc" }, { "flaw", "lawn" }, { "gilvm", "gilvm" },
  { "interpreter", "interrupt" }, { "lua", "luau" } }
for _, p in ipairs(pairs_) do print(p[1], p[2], distance(p[1], p[2])) end
