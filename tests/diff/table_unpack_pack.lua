-- table.unpack and table.pack.
print(table.unpack({ 1, 2, 3 }))
print(table.unpack({ 1, 2, 3 }, 2), table.unpack({ 1, 2, 3 }, 2, 3))
print(table.unpack({ 1, 2, 3 }, -1, 1))
print(select("#", table.unpack({}, 1, 5)), table.unpack({ 1, 2 }, 3), select("#", table.unpack({ 1, 2 }, 3)))
print(table.unpack({ "a", "b", "c" }, 3, 2), select("#", table.unpack({}, 5, 4)))
local p = table.pack(1, nil, 3, nil)
print(p.n, p[1], p[2], p[3], p[4])
local e = table.pack()
print(e.n, next(e, "n"))
print(pcall(table.unpack, {}, 1, 1e8))
print(pcall(table.unpack, {}, math.mininteger, math.maxinteger))
print(table.unpack({ n = 2, "x" }, 1, 2))
local big = {}
for i = 1, 200 do big[i] = i end
print(select("#", table.unpack(big)), select(200, table.unpack(big)))
local function sum(...) local s = 0 for i = 1, select("#", ...) do s = s + select(i, ...) end return s end
print(sum(table.unpack(big)))
print(unpack)
