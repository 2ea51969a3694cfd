-- Comparisons between integers and floats are exact, even beyond 2^53.
print(1 == 1.0, 1 < 1.5, 2 > 1.5, -1 < -0.5, 0 == -0.0)
print(2^53 == 2^53 + 1, math.tointeger(2^53) + 1 == 2^53, math.tointeger(2^53) + 1 > 2^53)
print(math.maxinteger < 2^63, math.maxinteger + 0.0 == 2^63, math.maxinteger == 2^63)
print(math.mininteger == -2^63, math.mininteger <= -2^63, math.mininteger < -2^63)
print(math.maxinteger < math.huge, math.mininteger > -math.huge)
local nan = 0 / 0
print(nan == nan, nan ~= nan, nan < 1, nan > 1, 1 < nan, nan <= nan, 1 >= nan)
print(math.maxinteger - 1 < math.maxinteger + 0.0, 9007199254740993 < 9007199254740992.0)
print(9007199254740993 > 9007199254740992.0, 9007199254740993 == 9007199254740992.0)
print(3 <= 3.0, 3 >= 3.0, -3 < -2.9999999, 1e308 > math.maxinteger)
print("a" < "b", "abc" < "abd", "" < "a", "Z" < "a", "10" < "9")
print(pcall(function() return 1 < "1" end))
print(pcall(function() return {} < {} end))
print(pcall(function() return nil <= 1 end))
local t = { 3, 1.5, -2, 2^60, -0.5, 7, 1e20, -1e20, 0 }
table.sort(t)
print(table.concat(t, " "))
