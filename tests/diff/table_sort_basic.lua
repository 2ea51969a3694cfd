-- table.sort with the default < on numbers and strings, many sizes and orders.
local function check(t)
  for i = 2, #t do if t[i - 1] > t[i] then return false end end
  return true
end
math.randomseed(1234)
for _, n in ipairs({ 0, 1, 2, 3, 5, 10, 50, 100, 1000, 5000 }) do
  local t = {}
  for i = 1, n do t[i] = math.random(1, n) end
  table.sort(t)
  local r = {}
  for i = 1, n do r[i] = n - i end
  table.sort(r)
  local s = {}
  for i = 1, n do s[i] = i end
  table.sort(s)
  local eq = {}
  for i = 1, n do eq[i] = 7 end
  table.sort(eq)
  print(n, check(t), check(r), check(s), check(eq), t[1], t[n])
end
local words = { "pear", "apple", "fig", "banana", "cherry", "date", "Apple", "zebra", "a" }
table.sort(words)
print(table.concat(words, " "))
local f = { 3.5, -1, 2, 1e10, -1e10, 0, 2.25, math.huge, -math.huge }
table.sort(f)
print(table.concat(f, " "))
