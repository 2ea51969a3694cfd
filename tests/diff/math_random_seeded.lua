-- math.random after a fixed math.randomseed: the exact xoshiro256** sequence.
math.randomseed(42)
local t = {}
for i = 1, 10 do t[i] = math.random(1, 100) end
print(table.concat(t, " "))
for i = 1, 5 do print(math.random(6), math.random(-10, 10)) end
for i = 1, 5 do print(string.format("%.17g", math.random())) end
math.randomseed(42)
print(math.random(1, 100) == t[1])
math.randomseed(123, 456)
print(math.random(1000000), math.random(0), math.random(math.mininteger, math.maxinteger))
math.randomseed(0)
print(math.random(3, 3), math.random(math.maxinteger), math.random(1, 2))
print(pcall(math.random, 2, 1))
print(pcall(math.random, 0))
print(pcall(math.random, 1, 2, 3))
print(pcall(math.random, 1.5))
math.randomseed(7)
local counts = { 0, 0, 0, 0 }
for i = 1, 1000 do local r = math.random(4); counts[r] = counts[r] + 1 end
print(table.concat(counts, " "))
math.randomseed(3.0)
print(math.random(100))
