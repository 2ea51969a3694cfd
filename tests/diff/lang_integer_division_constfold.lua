-- Constant expressions (folded by the compiler) match runtime evaluation.
local one, zero, three, two = 1, 0, 3, 2
print(7 // 2, 7 // two, -7 // 2, -7 // two, 7.5 // 2, 7.5 // two)
print(7 % -3, 7 % -three, 2^53 + 1, 2^53 + one)
print(1 / 0, one / zero, -1 / 0, -one / zero)
print(3 | 5, three | 5, 1 << 63, one << 63, ~0, ~zero)
print("10" + 1, "10" + one, 10 .. 20, 10 .. 2 * 10)
print(math.maxinteger + 1, math.maxinteger + one, 1e308 * 10, 1e308 * (10 * one))
print(0.0 / 0 ~= 0.0 / 0, -(0.0), -zero, -(zero + 0.0))
