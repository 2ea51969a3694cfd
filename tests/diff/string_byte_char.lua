-- string.byte and string.char, with negative and out-of-range indices.
local s = "Hello"
print(s:byte(), s:byte(1), s:byte(-1), s:byte(2, 4))
print(s:byte(10), s:byte(0), s:byte(3, 2), s:byte(-100, 2))
print(select("#", s:byte(1, -1)), select("#", s:byte(6)), select("#", (""):byte()))
print(string.char(), string.char(72, 105), string.char(0, 255):byte(1, 2))
print(pcall(string.char, 256))
print(pcall(string.char, -1))
print(pcall(string.char, "x"))
local all = {}
for i = 0, 255 do all[#all + 1] = string.char(i) end
local s256 = table.concat(all)
print(#s256, s256:byte(1), s256:byte(256), s256:byte(-1), s256:sub(66, 70))
local ok = true
for i = 1, 256 do if s256:byte(i) ~= i - 1 then ok = false end end
print(ok)
print(("abc"):byte(1.0), pcall(string.byte, "abc", 1.5))
