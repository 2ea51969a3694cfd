-- table.sort: invalid order functions, mixed types, errors from the comparator.
print(pcall(table.sort, { 3, 1, "x" }))
print(pcall(table.sort, { 1, 2, 3 }, 42))
print(pcall(table.sort, { {}, {} }))
print(pcall(table.sort, { 3, 2, 1 }, function(a, b) error("cmp failed") end))
local t = { 5, 2, 8, 1, 9, 3 }
table.sort(t, function(a, b) return a > b end)
print(table.concat(t, " "))
local words = { "banana", "Apple", "cherry", "apple", "Banana" }
table.sort(words, function(a, b)
  local la, lb = a:lower(), b:lower()
  if la ~= lb then return la < lb end
  return a < b
end)
print(table.concat(words, " "))
local single = { 1 }
table.sort(single)
print(single[1], pcall(table.sort, {}))
local mt = setmetatable({}, { __lt = function(a, b) return a.v < b.v end })
local objs = {}
for i, v in ipairs({ 4, 2, 7, 1 }) do objs[i] = setmetatable({ v = v }, getmetatable(mt)) end
table.sort(objs)
print(objs[1].v, objs[2].v, objs[3].v, objs[4].v)
