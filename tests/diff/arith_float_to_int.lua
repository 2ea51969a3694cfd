-- Conversions between floats and integers, exact and inexact.
print(math.tointeger(3.0), math.tointeger(3.5), math.tointeger("8"), math.tointeger(2^63))
print(math.tointeger(-2^63), math.tointeger(2^53), math.tointeger(0/0), math.tointeger(math.huge))
print(3.0 | 0, 2^53 | 0, -2^63 | 0)
print(pcall(function() return 3.5 | 0 end))
print(pcall(function() return 2^63 | 0 end))
print(pcall(function() return math.huge & 1 end))
print(pcall(function() local x = 1.5; return x << 1 end))
print(pcall(string.rep, "x", 2.5))
print(pcall(string.char, 65.5))
print(string.rep("ab", 3.0), string.char(65.0, 66.0))
local t = {}
t[1.0] = "one"; t[2] = "two"; t[2^53] = "big"
print(t[1], t[2.0], t[2^53 | 0], math.type(next({[3.0] = true})))
print(1 == 1.0, math.type(1), math.type(1.0), 3 // 1 == 3.0)
print(math.floor(3.7), math.ceil(3.2), math.floor(-3.7), math.ceil(-3.2))
print(math.type(math.floor(3.7)), math.type(math.floor(1e100)), math.floor(1e100))
print(("%d"):format(3.0), pcall(string.format, "%d", 3.1))
for i = 3.0, 5 do print(i, math.type(i)) end
print(pcall(function() local t = {}; for i = 1, 3 do t[i] = i end; return t[1.5] end))
