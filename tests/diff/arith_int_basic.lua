-- Integer arithmetic: + - * and the results' subtypes.
local a, b = 17, 5
print(a + b, a - b, a * b, a / b)
print(math.type(a + b), math.type(a / b), math.type(a * b))
print(-a, - -a, a - -b)
print(0 * -1, math.type(0 * -1))
print(1000000 * 1000000, 123456789 * 987654321)
print(7 - 10, 3 * -4, -3 * -4)
local sum = 0
for i = 1, 100 do sum = sum + i * i end
print(sum)
local x = 1
for i = 1, 20 do x = x * 3 end
print(x, math.type(x))
print(2^10, math.type(2^10))
print(10 / 2, 1 / 3, 2 / 3)
