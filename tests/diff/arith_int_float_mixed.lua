-- Mixed integer/float operands promote to float; integer-only ops stay integer.
local i, f = 3, 2.0
print(i + f, i - f, i * f, i / f, i // f, i % f, i ^ f)
print(math.type(i + f), math.type(i // f), math.type(i % f))
print(i + 1, i * 2, i // 2, i % 2, math.type(i // 2))
print(1 + 2.0 == 3, 0.1 + 0.2 == 0.3, 0.1 + 0.2, 1e15 + 0.3)
print(10 // 3, 10.0 // 3, -10 // 3, -10.0 // 3)
print(2^53 + 1.0, math.tointeger(2^53) + 1)
print(7 / 7, math.type(7 / 7), 0 / 5, -0 / 5, 0 / -5)
print(255 // 16, 255 % 16, 255.5 // 16, 255.5 % 16)
local acc = 0
for k = 1, 10 do acc = acc + k / 2 end
print(acc, math.type(acc))
local n = 0
for k = 1, 10 do n = n + k // 2 end
print(n, math.type(n))
