-- Float keys with integral values are normalised to integer keys.
local t = {}
t[1.0] = "a"; t[2] = "b"; t[3.0] = "c"
print(#t, t[1], t[2.0], t[3])
for k, v in ipairs(t) do print(k, math.type(k), v) end
local keys = {}
for k in pairs({ [1.0] = 1, [2.5] = 2, [-3.0] = 3 }) do keys[#keys + 1] = string.format("%s:%s", k, math.type(k)) end
table.sort(keys)
print(table.concat(keys, " "))
t[2^53] = "p53"
print(t[math.tointeger(2^53)], rawget(t, 2^53), rawget(t, 9007199254740992))
t[0.1 + 0.2] = "sum"
print(t[0.3], t[0.1 + 0.2])
local inf = {}
inf[math.huge] = "inf"; inf[-math.huge] = "-inf"
print(inf[1 / 0], inf[-1 / 0])
print(next({ [3.0] = "x" }), math.type((next({ [3.0] = "x" }))))
