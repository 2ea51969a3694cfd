-- floor/ceil on huge, tiny, negative, NaN and string arguments.
local vals = { 0.5, -0.5, 1e308, -1e308, 2^53 + 0.5, 2^62, -2^62, 2^63, -2^63, 1e-300, -1e-300, 12, -12 }
for _, v in ipairs(vals) do
  local f, c = math.floor(v), math.ceil(v)
  print(v, f, math.type(f), c, math.type(c))
end
print(math.floor(0 / 0) ~= math.floor(0 / 0), math.ceil(math.huge), math.floor(-math.huge))
print(pcall(math.floor, {}))
print(pcall(math.ceil))
print(math.floor("10"), math.floor(" 2.5 "), pcall(math.floor, "x"))
