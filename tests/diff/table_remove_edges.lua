-- table.remove corner cases: #t+1, position 0 in an empty table, shrinking to empty.
local t = { "a", "b", "c" }
print(table.remove(t, 4), #t)
print(table.remove(t, 3), #t)
local e = {}
print(table.remove(e, 0), table.remove(e, #e), table.remove(e, #e + 1))
local z = { [0] = "zero" }
print(#z, table.remove(z), z[0])
local one = { "x" }
print(table.remove(one, 1), #one, one[1])
local n = { 1, 2, 3, 4, 5 }
print(table.remove(n, 1), table.remove(n, 2), table.concat(n, ","))
