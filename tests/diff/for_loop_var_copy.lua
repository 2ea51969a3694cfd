-- Assigning to the loop variable does not change the iteration.
local seen = {}
for i = 1, 5 do
  seen[#seen + 1] = i
  i = i * 100
  seen[#seen + 1] = i
end
print(table.concat(seen, " "))
local keys = {}
for k, v in ipairs({ "a", "b", "c" }) do
  k = k + 10
  keys[#keys + 1] = k .. v
end
print(table.concat(keys, " "))
local limit = 3
local c = 0
for i = 1, limit do limit = 10; c = c + 1 end
print(c, limit)
local step = 1
c = 0
for i = 1, 10, step do step = 5; c = c + 1 end
print(c)
