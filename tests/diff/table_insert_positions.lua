-- table.insert at every position of a short list, and its errors.
for pos = 1, 4 do
  local t = { "a", "b", "c" }
  table.insert(t, pos, "X")
  print(pos, table.concat(t, ""))
end
local t = {}
table.insert(t, "first")
table.insert(t, 1, "zero")
print(table.concat(t, ","))
print(pcall(table.insert, { 1 }, 5, "x"))
print(pcall(table.insert, { 1 }, 0, "x"))
print(pcall(table.insert, { 1 }, 1, 2, 3))
print(pcall(table.insert, { 1 }))
print(pcall(table.insert, nil, 1))
print(pcall(table.insert, { 1 }, 1.5, "x"))
local r = { 1, 2, 3 }
print(table.remove(r, 1), table.concat(r, ","), table.remove(r, #r + 1), pcall(table.remove, r, 5))
