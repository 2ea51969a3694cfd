-- select with positive, negative and '#' selectors.
local function args(...) return ... end
print(select(1, "a", "b", "c"))
print(select(3, "a", "b", "c"))
print(select(-2, "a", "b", "c"))
print(select("#", args()), select("#", args(nil)), select("#", args(1, nil)))
local t = {}
for i = 1, select("#", 10, 20, 30) do t[i] = select(i, 10, 20, 30) end
print(table.concat(t, ","))
print(pcall(select, "#x", 1))
print(select(5, 1, 2))
print(select(math.maxinteger, 1))
