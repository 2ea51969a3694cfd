-- Equal strings compare equal and index the same table slot, however they were made.
local a = "interned"
local b = "inter" .. "ned"
local c = string.format("%s%s", "inter", "ned")
local d = ("denretni"):reverse()
local e = table.concat({ "in", "ter", "ned" })
print(a == b, b == c, c == d, d == e) -- expect: true	true	true	true
local t = { [a] = 1 }
print(t[b], t[c], t[d], t[e]) -- expect: 1	1	1	1
-- Long strings (past any short-string cutoff) too.
local long1 = string.rep("0123456789", 50)
local long2 = ""
for i = 1, 50 do long2 = long2 .. "0123456789" end
print(long1 == long2, #long1) -- expect: true	500
local u = { [long1] = "long key" }
print(u[long2]) -- expect: long key
-- Strings made after a collection still match keys made before it.
local keys = {}
for i = 1, 1000 do keys["key" .. i] = i end
collectgarbage()
local sum = 0
for i = 1, 1000 do sum = sum + keys["k" .. "ey" .. i] end
print(sum) -- expect: 500500
print(("x"):rep(100) == ("xx"):rep(50), "a\0b" == "a\0" .. "b", "a\0b" ~= "a\0c") -- expect: true	true	true
