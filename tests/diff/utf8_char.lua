-- utf8.char encodes code points (up to 2^31 - 1, six bytes) and
-- utf8.charpattern matches one encoded character.
local function bytes(s) return table.concat({s:byte(1, -1)}, " ") end
print(bytes(utf8.char(72, 0xE9, 0x20AC, 0x1F600)))
print(utf8.char(), #utf8.char(0), utf8.char(0x41))
for _, code in ipairs({0x7F, 0x80, 0x7FF, 0x800, 0xFFFF, 0x10000, 0x10FFFF, 0x110000,
                       0x1FFFFF, 0x200000, 0x3FFFFFF, 0x4000000, 0x7FFFFFFF}) do
  print(string.format("%X", code), bytes(utf8.char(code)))
end
print(utf8.char("65", 66.0))
print(bytes(utf8.charpattern))
local count = 0
for c in ("aé€😀"):gmatch(utf8.charpattern) do count = count + 1; io.write(#c, " ") end
print(count)
print(pcall(utf8.char, -1))
print(pcall(utf8.char, 0x80000000))
print(pcall(utf8.char, 65, "x"))
print(pcall(utf8.char, 1.5))
print(pcall(utf8.char, 65, nil))
