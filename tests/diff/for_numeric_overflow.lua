-- Integer loops near maxinteger/mininteger terminate without wrapping around.
local max, min = math.maxinteger, math.mininteger
local c = 0
for i = max - 2, max do c = c + 1 end
print("up to max", c)
c = 0
for i = min + 2, min, -1 do c = c + 1 end
print("down to min", c)
c = 0
for i = max - 10, max, 4 do c = c + 1; print(i) end
print(c)
c = 0
for i = min, min + 10, 5 do c = c + 1 end
print(c)
c = 0
for i = 1, max, max do c = c + 1; print(i) end
print(c)
c = 0
for i = -1, min, min do c = c + 1; print(i) end
print(c)
c = 0
for i = max, max do c = c + 1 end
print(c)
c = 0
for i = min, max, max do c = c + 1 end
print(c)
c = 0
for i = 0, max, 2^62 | 0 do c = c + 1 end
print(c)
for i = max - 1, 1e100 do print("float limit", i) end
for i = min + 1, -1e100, -1 do print("float limit neg", i) end
c = 0
for i = 1, 0.5 do c = c + 1 end
for i = max, 9.3e18 do c = c + 1 end
print(c)
