-- Alignment: '!' sets the maximum alignment (native when no size follows),
-- each item is aligned to the smaller of its size and that maximum, 'x' is
-- one padding byte and 'Xop' pads to op's alignment without packing op.
local function hex(s)
  return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

local formats = {
  "bi", "!bi", "!bh", "!bj", "!bd", "!bf", "!2bi", "!4bj", "!8bj", "!16bj", "!1bj",
  "b!i", "!b i2 b i8", "bxh", "!bxh", "!bXi", "!bXh b", "!bXj", "bXi", "!4bXj",
  "!b s1", "!b s4 b", "!b z b i", "!b c3 i", "!i16", "!bi16", "!16bi16", "!<bi >bi",
  "!8bi8b", "!bXi8", "bb!Xi4",
}
for _, fmt in ipairs(formats) do
  local args = {}
  local values = {
    b = 1, i = 2, h = 3, j = 4, d = 0.5, f = 0.25, s = "ab", z = "cd", c = "xyz",
  }
  for option in fmt:gsub("X.", ""):gmatch("[bihjdfszc]") do
    args[#args + 1] = values[option]
  end
  local packed = string.pack(fmt, table.unpack(args))
  local size_ok, size = pcall(string.packsize, fmt)
  print(fmt, #packed, hex(packed), size_ok and size or size)
  print("", string.unpack(fmt, packed))
end

-- Alignment counts from the start of the packed string, or of the data
-- being unpacked, not from the unpack position.
print(string.unpack("!4 i", "\0\0\0\0\7\0\0\0", 2))
print(string.unpack("!4 b i", "\1\0\0\0\5\0\0\0"))
