-- Numeric for loops near the integer limits and with float steps.
local n = 0
for i = math.maxinteger - 2, math.maxinteger do n = n + 1 end
print(n)
n = 0
for i = math.mininteger, math.mininteger + 2 do n = n + 1 end
print(n)
n = 0
for i = math.maxinteger, math.maxinteger - 4, -2 do n = n + 1 end
print(n)
for i = 1, 0 do print("never") end
for i = 0.1, 0.35, 0.1 do io.write(string.format("%.1f ", i)) end
print()
for i = 3, 1.5, -0.5 do io.write(i, " ") end
print()
for i = 1, 3.9 do io.write(i, " ") end
print()
print(pcall(function() for i = 1, 10, 0 do end end))
print(pcall(function() for i = "a", 2 do end end))
print(pcall(function() for i = 1, {} do end end))
for i = math.maxinteger - 1, 1e100 do io.write(i, " ") if i == math.maxinteger then break end end
print()
