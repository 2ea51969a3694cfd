-- Equal strings are equal however they were built (short and long ones).
local a = "hello world"
local b = "hello " .. "world"
local c = string.format("%s %s", "hello", "world")
local d = ("dlrow olleh"):reverse()
print(a == b, b == c, c == d, rawequal(a, d))
local long1 = string.rep("abcdefghij", 100)
local long2 = string.rep("abcde", 200, "fghij")
local long3 = {}
for i = 1, 100 do long3[i] = "abcdefghij" end
long3 = table.concat(long3)
print(long1 == long3, long1 == long2, #long1, #long2)
local t = {}
t[long1] = 1
print(t[long3], t[string.rep("abcdefghij", 100)])
t["key"] = "v"
print(t["k" .. "ey"], t[("yek"):reverse()], t[string.char(107, 101, 121)])
local keys = {}
for i = 1, 1000 do keys[i] = "k" .. i end
local tt = {}
for i = 1, 1000 do tt[keys[i]] = i end
local ok = true
for i = 1, 1000 do if tt["k" .. tostring(i)] ~= i then ok = false end end
print(ok)
print(("x"):rep(40) == string.rep("x", 40), ("x"):rep(41) == string.rep("xx", 20) .. "x")
