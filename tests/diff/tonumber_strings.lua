-- tonumber on strings without a base: all the accepted and rejected spellings.
local cases = { "10", "  10  ", "10.0", "1e2", "1E+2", "0x1F", "0X1f", "-0x10", "0x1p4", "0x.8",
  ".5", "5.", "-.5", "+5", "+ 5", "1e", "e1", "0x", "1 2", "", " ", "\t12\n", "1_000",
  "inf", "nan", "0x7fffffffffffffff", "0xffffffffffffffff", "9223372036854775808",
  "-9223372036854775808", "-9223372036854775809", "1e309", "0x1P-1074", "00012", "1..2",
  "12abc", "abc", "0b101", "1,5", "\0" .. "1", "1\0" }
for i, s in ipairs(cases) do
  local n = tonumber(s)
  print(i, string.format("%q", s), n, n and math.type(n))
end
print(tonumber(42), tonumber(4.5), tonumber(nil), tonumber(true), tonumber({}))
