-- pack and unpack through the string metatable, and a small binary file
-- format written and read back: a header, then records of mixed fields.
local fmt = "<i4"
print(fmt:pack(7):byte(1, -1))
print(("<i4"):unpack("\7\0\0\0"))
print(("!8 b d"):packsize())

local header = "<c4 I2 I2"
local record = "<!4 i4 d s1 B"
local items = {
  {1, 2.5, "first", 1},
  {-2, -0.125, "", 0},
  {300000, 1e10, "third one", 255},
}
local parts = {string.pack(header, "DEMO", 1, #items)}
for _, it in ipairs(items) do parts[#parts + 1] = string.pack(record, table.unpack(it)) end
local file = table.concat(parts)
print(#file)

local magic, version, count, pos = string.unpack(header, file)
print(magic, version, count, pos)
for _ = 1, count do
  local id, value, name, flags
  id, value, name, flags, pos = string.unpack(record, file, pos)
  print(id, value, name, flags, pos)
end
print(pos == #file + 1)
