-- Bitwise and, or, xor, not on integers and integral floats.
local a, b = 0xF0F0, 0x0FF0
print(a & b, a | b, a ~ b, ~a, ~0, ~-1)
print(string.format("%x %x %x", a & b, a | b, a ~ b))
print(-1 & 0xFF, -1 | 0, 5 ~ 5, 5 ~ 0, 0xFFFFFFFF & 0xFFFF0000)
print(3.0 & 1, 6.0 | 1.0, math.type(3.0 & 1), 2^62 & 2^62)
print(math.maxinteger & math.mininteger, math.maxinteger | math.mininteger, math.maxinteger ~ -1)
print(1 | 2 ~ 3 & 4, (1 | 2) ~ (3 & 4), 5 & 3 | 8, ~5 & 0xF)
print(1 << 2 + 1, (1 << 2) + 1, 1 + 2 << 1, pcall(function() return 2 .. 1 << 1 end))
local x = 0
for i = 0, 62, 2 do x = x | (1 << i) end
print(x, string.format("%x", x), x & (x >> 1))
local pop = 0
local v = 0xDEADBEEF
while v ~= 0 do pop = pop + (v & 1); v = v >> 1 end
print("popcount", pop)
