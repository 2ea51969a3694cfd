-- %q produces a string that reads back as the same value.
local strs = { "plain", 'with "quotes"', "back\\slash", "new\nline", "cr\rret", "nul\0byte",
  "\0001", "tab\t", "\1\2\31\127", "\200\255", "", "\n\n", "a\0", "\r\n", "\0009" }
for _, s in ipairs(strs) do
  local q = string.format("%q", s)
  print(q, load("return " .. q)() == s)
end
for _, v in ipairs({ 1, -1, 0, math.maxinteger, math.mininteger, 1.5, -0.0, 0.1, 1e100, 2^63, 1 / 0, -1 / 0 }) do
  local q = string.format("%q", v)
  local back = load("return " .. q)()
  print(q, back == v, math.type(back) == math.type(v))
end
print(string.format("%q", 0 / 0))
print(string.format("%q %q %q", true, false, nil))
print(pcall(string.format, "%q", {}))
print(pcall(string.format, "%q", print))
print(pcall(string.format, "%10q", "x"))
