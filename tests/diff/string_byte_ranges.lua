-- string.byte and string.sub with negative, zero and out-of-range positions.
local s = "hello"
print(s:byte(), s:byte(-1), s:byte(2, 4), s:byte(0), s:byte(10))
print(s:byte(-100, 2))
print(select("#", s:byte(3, 2)))
print(s:sub(2), s:sub(-3), s:sub(0), s:sub(2, -2), s:sub(-100, 100), s:sub(4, 2) == "")
print(s:sub(math.mininteger, math.maxinteger), s:sub(math.maxinteger))
print(("").byte(""), ("x"):sub(2, 1) == "")
print(string.char(), string.char(104, 105), pcall(string.char, 256))
print(pcall(string.char, -1))
print(pcall(s.byte, s, 1.5))
print(s:byte(1.0, 2.0))
