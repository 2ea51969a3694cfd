-- Unary minus on integers, floats, strings; constant folding doesn't change results.
local a, b, c = 5, 2.5, "7"
print(-a, -b, -c, math.type(-c), - -a, -(-b))
print(-math.mininteger, -math.maxinteger, -(0), -(0.0))
print(- - - 3, -2 ^ 2, (-2) ^ 2, -3 // 2, (-3) // 2, -(3 // 2))
print(pcall(function() return -{} end))
print(pcall(function() local s = "x"; return -s end))
print(pcall(function() return -nil end))
local x = "0x10"
print(-x, -"1e2", -" 3 ")
