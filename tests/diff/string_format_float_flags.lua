-- string.format's float conversions with every flag, width and precision
-- Lua accepts, on ordinary, tiny, huge and special values.
local values = {0, -0.0, 1, -1, 0.5, 1 / 3, -2 / 3, 123456.789, 1e-300, 5e-324, 1e300,
  2 ^ 63, -2 ^ 53, 1 / 0, -1 / 0, 99.995, 0.125, 1e15, 1e16, 12345678901234567890}
local specs = {}
for _, flags in ipairs({"", "-", "+", " ", "0", "#", "-+", "+0", " 0", "-#", "#0", "- 0"}) do
  for _, width in ipairs({"", "12"}) do
    for _, precision in ipairs({"", ".", ".3", ".17"}) do
      for _, conv in ipairs({"e", "E", "f", "g", "G"}) do
        specs[#specs + 1] = "%" .. flags .. width .. precision .. conv
      end
    end
  end
end
local lines = 0
for _, spec in ipairs(specs) do
  local out = {}
  for i, v in ipairs(values) do out[i] = string.format(spec, v) end
  print(spec, table.concat(out, "|"))
  lines = lines + 1
end
print(lines)
print(string.format("%.99f", 1 / 3))
print(string.format("%99.99f", -1e308))
print(string.format("%f|%5.1e|%-6g|%+G|%012f", 0 / 0, -(0 / 0), 1 / 0, -1 / 0, 1 / 0))
