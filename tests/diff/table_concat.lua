-- table.concat: separators, ranges, numbers, errors.
local t = { "a", "b", "c", 1, 2.5 }
print(table.concat(t), table.concat(t, ", "), table.concat(t, "-", 2, 4), table.concat(t, "-", 4, 2))
print(table.concat({}), table.concat({}, "x"), table.concat({ "only" }, "x"), table.concat(t, "", 5, 5))
print(pcall(table.concat, { "a", {}, "c" }))
print(pcall(table.concat, { "a", nil, "c" }, ",", 1, 3))
print(pcall(table.concat, { 1, 2 }, ",", 1, 5))
print(pcall(table.concat, { true }))
print(pcall(table.concat, "x"))
print(table.concat({ 1, 2, 3 }, 0), table.concat({ [0] = "z", "a" }, "", 0, 1))
local big = {}
for i = 1, 1000 do big[i] = i % 10 end
print(#table.concat(big), table.concat(big):sub(1, 15))
print(table.concat({ "a", "b" }, "\0") == "a\0b")
