-- tonumber with an explicit base: digits, letters, case, sign, whitespace, bad digits.
print(tonumber("10", 2), tonumber("ff", 16), tonumber("FF", 16), tonumber("zz", 36), tonumber("Zz", 36))
print(tonumber("777", 8), tonumber("8", 8), tonumber("1e1", 16), tonumber("-ff", 16), tonumber("  11  ", 2))
print(tonumber("", 10), tonumber("-", 10), tonumber("1.5", 10), tonumber("0x10", 16), tonumber("10", 36))
print(tonumber("7fffffffffffffff", 16), tonumber("ffffffffffffffff", 16), tonumber("10000000000000000", 16))
print(tonumber("11111111111111111111111111111111111111111111111111111111111111111", 2))
print(pcall(tonumber, "10", 1))
print(pcall(tonumber, "10", 37))
print(pcall(tonumber, 10, 16))
print(pcall(tonumber, "10", 2.5))
print(pcall(tonumber))
for b = 2, 36, 7 do print(b, tonumber("101", b), tonumber("-101", b)) end
