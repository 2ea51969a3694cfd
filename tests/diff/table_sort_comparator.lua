-- table.sort with comparator functions: descending, multi-key, stable-ish by index.
local t = { 5, 2, 8, 1, 9, 3 }
table.sort(t, function(a, b) return a > b end)
print(table.concat(t, " "))
local people = {
  { name = "Ann", age = 30 }, { name = "Bob", age = 25 }, { name = "Cid", age = 30 },
  { name = "Dee", age = 22 }, { name = "Eve", age = 25 }, { name = "Fay", age = 40 },
}
table.sort(people, function(a, b)
  if a.age ~= b.age then return a.age < b.age end
  return a.name < b.name
end)
for _, p in ipairs(people) do print(p.name, p.age) end
local strs = { "ccc", "a", "bb", "dddd", "ee", "f" }
table.sort(strs, function(a, b) if #a ~= #b then return #a < #b end return a < b end)
print(table.concat(strs, " "))
local calls = 0
local big = {}
for i = 1, 200 do big[i] = (i * 7919) % 211 end
table.sort(big, function(a, b) calls = calls + 1; return a < b end)
print(big[1], big[100], big[200], calls > 0)
print(pcall(table.sort, { 3, 1, 2 }, function(a, b) error("cmp failed") end))
print(pcall(table.sort, { 3, 1, 2 }, 42))
print((pcall(table.sort, { 1, "x", 2 })))
