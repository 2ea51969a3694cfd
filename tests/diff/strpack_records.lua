-- string.pack/unpack round trips of records: a header, counted strings,
-- aligned fields, and a sequence of records read back by position.
local fmt = "<!4 I2 B s1 i8 d z Xi4"  -- padded to 4: records stay aligned when joined
local records = {
  { 1, 255, "alpha", math.mininteger, 1.5, "zero-terminated" },
  { 65535, 0, "", math.maxinteger, -0.0, "" },
  { 42, 7, string.rep("x", 200), -1, 1e300, "tail" },
}
local parts = {}
for _, r in ipairs(records) do parts[#parts + 1] = string.pack(fmt, table.unpack(r)) end
local blob = string.pack("<I4", #records) .. table.concat(parts)
print(#blob)
local n, pos = string.unpack("<I4", blob)
for i = 1, n do
  local a, b, c, d, e, f, nextpos = string.unpack(fmt, blob, pos)
  print(i, a, b, #c, d, e, f, nextpos - pos)
  pos = nextpos
end
print(pos == #blob + 1)
print(string.packsize("<!4 I2 B i8 d"), string.packsize("!8 b d"), string.packsize("<I3 x Xi4 i4"))
print(pcall(string.unpack, fmt, blob, #blob))
