-- Large arrays: fill, sum, reverse in place, shrink.
local N = 200000
local t = {}
for i = 1, N do t[i] = i end
local s = 0
for i = 1, #t do s = s + t[i] end
print(#t, s)
for i = 1, N // 2 do t[i], t[N - i + 1] = t[N - i + 1], t[i] end
print(t[1], t[N], t[N // 2])
for i = N, 1001, -1 do t[i] = nil end
print(#t)
local u = {}
for i = 1, 1000 do u[#u + 1] = i * 2 end
print(#u, u[1000])
local strs = {}
for i = 1, 10000 do strs[i] = "s" .. i end
print(#strs, strs[9999], #table.concat(strs))
local h = {}
for i = 1, 50000 do h["k" .. i] = i end
local c, tot = 0, 0
for k, v in pairs(h) do c = c + 1; tot = tot + v end
print(c, tot)
