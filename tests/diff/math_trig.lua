-- Trigonometric functions (printed with limited precision).
local function p(...) local t = table.pack(...)
  for i = 1, t.n do t[i] = string.format("%.10f", t[i]) end
  print(table.concat(t, " ")) end
p(math.sin(0), math.sin(math.pi / 2), math.sin(math.pi / 6), math.sin(-1))
p(math.cos(0), math.cos(math.pi), math.cos(math.pi / 3), math.cos(2))
p(math.tan(0), math.tan(math.pi / 4), math.tan(1))
p(math.asin(1), math.asin(0.5), math.acos(0), math.acos(-1), math.acos(0.5))
p(math.atan(1), math.atan(1, 1), math.atan(1, -1), math.atan(-1, -1), math.atan(0, -1))
p(math.atan(1, 0), math.atan(-1, 0), math.atan(5), math.atan(0.5, 2))
print(math.sin(0), math.cos(0), math.atan(0), math.type(math.sin(0)))
for deg = 0, 360, 45 do
  local r = math.rad(deg)
  print(deg, string.format("%.6f %.6f %.6f", r, math.sin(r), math.cos(r)), math.deg(r))
end
