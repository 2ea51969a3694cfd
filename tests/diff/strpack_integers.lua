-- string.pack/unpack of the fixed-size integer options, in both byte orders:
-- the bytes written and the values read back.
local function hex(s)
  return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

local cases = {
  {"b", {0, 1, -1, 127, -128}},
  {"B", {0, 1, 200, 255}},
  {"h", {0, 1, -1, 32767, -32768, 0x1234}},
  {"H", {0, 65535, 0x1234}},
  {"i", {0, -1, 0x7fffffff, -0x80000000, 0x01020304}},
  {"I", {0, 0xffffffff, 0x01020304}},
  {"l", {0, -1, math.maxinteger, math.mininteger, 0x0102030405060708}},
  {"L", {0, -1, math.maxinteger, 0x0102030405060708}},
  {"j", {0, -1, math.maxinteger, math.mininteger}},
  {"J", {0, -1, math.mininteger}},
  {"T", {0, 1, 0x0102030405060708}},
}

for _, case in ipairs(cases) do
  local option, values = case[1], case[2]
  for _, v in ipairs(values) do
    for _, order in ipairs({"<", ">", "="}) do
      local fmt = order .. option
      local packed = string.pack(fmt, v)
      local back, next_pos = string.unpack(fmt, packed)
      print(fmt, v, hex(packed), back, next_pos, back == v)
    end
  end
end

-- Several values in one format; spaces between options are ignored.
local packed = string.pack("<b h i j", -2, 300, 70000, -5)
print(#packed, hex(packed))
print(string.unpack("<b h i j", packed))
print(string.unpack(">i", string.pack("<i", 1)))
-- Floats with an integral value are accepted as integers.
print(hex(string.pack("<i2", 3.0)), string.unpack("<i2", string.pack("<i2", -2.0)))
