-- select('#'), select(n), negative indices, nils in varargs.
local function f(...) return select("#", ...), ... end
print(f())
print(f(nil))
print(f(nil, nil))
print(f(1, nil, 3, nil))
print(select(2, "a", "b", "c"), select(-1, "a", "b", "c"), select(-3, "a", "b", "c"))
print(select(4, "a", "b", "c"), select("#"), select(3, 1, 2, 3))
print(pcall(select, 0, 1))
print(pcall(select, -4, 1, 2, 3))
print(pcall(select, "x"))
print(pcall(select))
local function count_nils(...)
  local c = 0
  for i = 1, select("#", ...) do if select(i, ...) == nil then c = c + 1 end end
  return c
end
print(count_nils(nil, 1, nil, 2, nil), count_nils())
print(select(2.0, "x", "y"), pcall(select, 1.5, "x"))
