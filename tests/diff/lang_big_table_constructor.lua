-- Table constructors with many items (SETLIST batches and EXTRAARG), plus hash parts.
local items = {}
for i = 1, 1000 do items[#items + 1] = tostring(i) end
local t = load("return {" .. table.concat(items, ",") .. "}")()
print(#t, t[1], t[50], t[51], t[500], t[1000])
local named = {}
for i = 1, 300 do named[#named + 1] = "k" .. i .. "=" .. i end
local h = load("return {" .. table.concat(named, ",") .. "}")()
local n = 0
for _ in pairs(h) do n = n + 1 end
print(n, h.k1, h.k300)
local mix = {}
for i = 1, 600 do mix[#mix + 1] = (i % 2 == 0) and ("x" .. i .. "=" .. i) or tostring(i) end
local m = load("return {" .. table.concat(mix, ",") .. "}")()
print(#m, m[1], m[300], m.x600)
local big = load("local function f() return 1, 2, 3 end return {" .. table.concat(items, ",") .. ", f()}")()
print(#big, big[1001], big[1003])
