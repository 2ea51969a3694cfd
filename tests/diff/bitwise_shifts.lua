-- Shifts are logical; counts >= 64 give 0; negative counts shift the other way.
print(1 << 0, 1 << 1, 1 << 62, 1 << 63, 1 << 64, 1 << 100)
print(-1 >> 1, -1 >> 63, -1 >> 64, -1 << 63, -1 << 64)
print(8 >> -1, 8 << -1, 1 >> -63, 1 >> -64, 1 << -100)
print(math.mininteger >> 1, math.mininteger >> 62, math.mininteger << 1)
print(0xFF >> 4, 0xFF << 4, 0xFF >> 8, 0xFF >> 9)
print(1 << math.maxinteger, 1 << math.mininteger, 1 >> math.mininteger)
local n = 5
for s = -3, 3 do print(s, n << s, n >> s, -n << s, -n >> s) end
print(2.0 << 2.0, math.type(2.0 << 2), pcall(function() return 1 << 1.5 end))
