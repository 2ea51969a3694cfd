-- Negative zero: printing, equality, division, and as a table key.
local nz = -0.0
print(nz, 0.0, -0.0 == 0.0, 1 / nz, 1 / 0.0)
print(0.0 * -1, -0.0 + 0.0, -0.0 - 0.0, -0.0 * -0.0)
print(math.tointeger(-0.0), math.type(math.tointeger(-0.0)))
print(string.format("%g %f %.1f", -0.0, -0.0, -0.0))
local t = {}
t[0] = "int zero"
print(t[-0.0], t[0.0])
t[-0.0] = "neg zero"
print(t[0], t[0.0])
print(-0.0 // 1, 0.0 // -1, -0.0 % 1, math.abs(-0.0))
print(tostring(-0.0), -0.0 .. "", tostring(0 * -1.0))
print(math.floor(-0.0), math.ceil(-0.5), math.type(math.ceil(-0.5)))
print(-0, 0 == -0, math.type(-0))
print(string.format("%q", -0.0), string.format("%a", -0.0))
print(math.max(-0.0, 0.0), math.min(0.0, -0.0))
