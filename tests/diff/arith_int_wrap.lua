-- Integer overflow wraps around (two's complement), it never becomes a float.
local max, min = math.maxinteger, math.mininteger
print(max, min)
print(max + 1 == min, min - 1 == max)
print(max + 1, min - 1)
print(max * 2, min * 2, max * max)
print(-min, -min == min, math.type(-min))
print(min // -1, min % -1)
print(max + max, min + min)
local x = 1
for i = 1, 70 do x = x * 2 end
print(x)
local y = 1
for i = 1, 63 do y = y * 2 end
print(y, y == min)
print(0x7fffffffffffffff + 1, 0xffffffffffffffff, 0x10000000000000000)
print(9223372036854775807, 9223372036854775808, -9223372036854775808)
print(math.type(9223372036854775808), math.type(-9223372036854775807 - 1))
local h = 0
for i = 1, 1000 do h = h * 31 + i end
print(h)
