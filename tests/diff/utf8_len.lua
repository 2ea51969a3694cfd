-- utf8.len counts characters, or returns fail and the position of the first
-- invalid byte.
local s = "aé€😀b"
print(utf8.len(s), utf8.len(""), utf8.len(s, 2), utf8.len(s, 1, 1), utf8.len(s, -1))
print(utf8.len(s, 3))            -- starts on a continuation byte
print(utf8.len(s, #s + 1))
print(utf8.len("a\x80b"))
print(utf8.len("abc\xE2\x82"))
print(utf8.len("\xED\xA0\x80"), utf8.len("\xED\xA0\x80", 1, -1, true))
print(utf8.len("\xF4\x90\x80\x80"), utf8.len("\xF4\x90\x80\x80", 1, -1, true))
print(utf8.len("\xC1\xBF"))
print(utf8.len(s, 1, -2), utf8.len(s, 1, 0), utf8.len(s, 5, 4))
print(pcall(utf8.len, s, 0))
print(pcall(utf8.len, s, #s + 2))
print(pcall(utf8.len, s, 1, #s + 1))
print(pcall(utf8.len, s, -100))
print(pcall(utf8.len, {}))
print(utf8.len(12345))
