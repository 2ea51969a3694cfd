-- string.unpack's third argument: where reading starts (negative counts from
-- the end), and the position after the last item that it returns.
local data = string.pack("<i2 i2 i2", 10, 20, 30)
print(string.unpack("<i2", data))
print(string.unpack("<i2", data, 3))
print(string.unpack("<i2", data, 5))
print(string.unpack("<i2", data, -2))
print(string.unpack("<i2", data, -4))
print(string.unpack("<i2", data, -100))
print(string.unpack("<i2", data, 0))
print(string.unpack("", data, 7))
print(pcall(string.unpack, "<i2", data, 6))
print(pcall(string.unpack, "<i2", data, 7))
print(pcall(string.unpack, "", data, 8))
print(pcall(string.unpack, "<i2", data, 1.5))
print(pcall(string.unpack, "<i2", data, "x"))
print(string.unpack("<i2", data, "3"))

-- Reading a stream of records with the returned position.
local stream = string.pack("s1", "alpha") .. string.pack("s1", "beta") .. string.pack("s1", "")
local pos = 1
while pos <= #stream do
  local item
  item, pos = string.unpack("s1", stream, pos)
  print(item, pos)
end

-- Padding and settings return no value but move the position.
print(string.unpack("x x b", "\0\0\9"))
print(string.unpack("<!4 b Xi4 b", "\1\0\0\0\2"))
print(select("#", string.unpack("< > = ! ", "")))
