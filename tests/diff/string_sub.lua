-- string.sub index normalisation.
local s = "abcdefghij"
local cases = { {1}, {3}, {-3}, {0}, {100}, {-100}, {2, 4}, {4, 2}, {-3, -1}, {-3, -5},
  {0, 0}, {1, 0}, {0, 1}, {5, 100}, {-100, 3}, {11}, {10, 10}, {math.mininteger, math.maxinteger},
  {math.maxinteger}, {3, math.mininteger} }
for _, c in ipairs(cases) do
  print(c[1], c[2], "[" .. s:sub(c[1], c[2]) .. "]")
end
print(("x"):sub(2), (""):sub(1, 1), ("hello"):sub(2.0, 3))
print(pcall(string.sub, "abc", "x"))
print(pcall(string.sub))
print(string.sub(12345, 2, 3), string.sub(1.5, 1, 2))
