-- table.insert and table.remove at the ends and in the middle.
local t = {}
table.insert(t, "a"); table.insert(t, "b"); table.insert(t, 1, "z"); table.insert(t, 2, "y")
print(table.concat(t, ","), #t)
table.insert(t, #t + 1, "end")
print(table.concat(t, ","))
print(table.remove(t), table.concat(t, ","))
print(table.remove(t, 1), table.concat(t, ","))
print(table.remove(t, 2), table.concat(t, ","))
print(table.remove(t, #t + 1), #t)
print(table.remove({}), table.remove({}, 0), table.remove({}, 1))
local q = {}
for i = 1, 10 do table.insert(q, i) end
local out = {}
while #q > 0 do out[#out + 1] = table.remove(q, 1) end
print(table.concat(out, " "))
local s = { 1, 2, 3 }
print(table.remove(s, 3), table.remove(s, 2), table.remove(s, 1), table.remove(s, 1), #s)
local z = { [0] = "zero" }
print(table.remove(z, 0), z[0])
