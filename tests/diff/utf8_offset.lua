-- utf8.offset: where the n-th character (from position i) starts.
local s = "aé€😀b"
for n = -6, 7 do io.write(tostring(utf8.offset(s, n)), " ") end
print()
print(utf8.offset(s, 0, 3), utf8.offset(s, 0, 5), utf8.offset(s, 0, 1), utf8.offset(s, 0, #s + 1))
print(utf8.offset(s, 2, 2), utf8.offset(s, -1, 4), utf8.offset(s, 1, #s + 1), utf8.offset(s, -1, #s + 1))
print(utf8.offset("", 1), utf8.offset("", 0), utf8.offset("", -1), utf8.offset("", 2))
print(pcall(utf8.offset, s, 1, 3))
print(pcall(utf8.offset, s, 1, 0))
print(pcall(utf8.offset, s, 1, #s + 2))
print(pcall(utf8.offset, s, 1, -100))
print(pcall(utf8.offset, s))
print(pcall(utf8.offset, s, 1.5))
