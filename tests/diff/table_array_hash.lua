-- Tables switch between array and hash storage transparently.
local t = {}
for i = 1, 100 do t[i] = i * i end
print(#t, t[1], t[50], t[100], t[101])
for i = 100, 51, -1 do t[i] = nil end
print(#t, t[50], t[51])
local r = {}
for i = 100, 1, -1 do r[i] = i end
print(#r, r[1], r[100])
local h = {}
h[1] = "a"; h[3] = "c"; h[2] = "b"
print(#h, h[1], h[2], h[3])
local s = {}
for i = 1, 10 do s[i * 2] = i end
print(s[2], s[20], s[3])
local neg = { [-1] = "m1", [0] = "zero", "one" }
print(neg[-1], neg[0], neg[1], #neg)
local f = {}
f[1.5] = "a"; f[-0.5] = "b"; f[1e100] = "c"; f["1"] = "str"; f[1] = "int"
print(f[1.5], f[-0.5], f[1e100], f["1"], f[1], f[1.0])
local b = {}
b[true] = "T"; b[false] = "F"
print(b[true], b[false], b[1 == 1])
local keyt, keyf = {}, function() end
local o = { [keyt] = "table key", [keyf] = "function key" }
print(o[keyt], o[keyf], o[{}])
local big = {}
for i = 1, 20000 do big[i] = i end
for i = 1, 20000, 2 do big[i] = nil end
local cnt = 0
for k in pairs(big) do cnt = cnt + 1 end
print(cnt, big[2], big[20000], big[19999])
