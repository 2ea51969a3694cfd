-- Strings: sN (length-prefixed, N bytes of length), z (zero-terminated) and
-- cN (fixed size, padded with zeros).
local function hex(s)
  return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

for _, s in ipairs({"", "a", "hello", "with\0zero", string.rep("x", 300)}) do
  for _, fmt in ipairs({"s", "s1", "s2", "<s4", ">s4", "s8", "s16"}) do
    local ok, packed = pcall(string.pack, fmt, s)
    if ok then
      local back, next_pos = string.unpack(fmt, packed)
      print(fmt, #s, #packed, back == s, next_pos, #s < 20 and hex(packed) or "")
    else
      print(fmt, #s, packed)
    end
  end
end

print(hex(string.pack("z", "abc")), string.unpack("z", "abc\0rest"))
print(string.unpack("zz", "one\0two\0"))
print(pcall(string.pack, "z", "a\0b"))
print(string.unpack("z", "\0"))

for _, s in ipairs({"", "ab", "abcd"}) do
  local packed = string.pack("c4", s)
  print(hex(packed), string.unpack("c4", packed))
end
print(pcall(string.pack, "c3", "abcd"))
print(string.pack("c0", ""), string.unpack("c0", "anything"))
print(string.unpack("c2c3", "abcde"))
print(pcall(string.pack, "c"))

-- Numbers are strings here.
print(string.unpack("s1", string.pack("s1", 42)))
print(string.unpack("z", string.pack("z", 1.5)))
print(pcall(string.pack, "s1", string.rep("x", 256)))
print(pcall(string.pack, "s2", {}))
