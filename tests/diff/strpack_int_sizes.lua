-- i[n] and I[n] for every n from 1 to 16: limits of each size, sign
-- extension on reading, and the bytes written for negative values.
local function hex(s)
  return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

for n = 1, 16 do
  local signed, unsigned = "<i" .. n, "<I" .. n
  local values = {0, 1, -1, 2, -2}
  if n < 8 then
    local limit = 1 << (8 * n - 1)
    values[#values + 1] = limit - 1
    values[#values + 1] = -limit
  else
    values[#values + 1] = math.maxinteger
    values[#values + 1] = math.mininteger
  end
  for _, v in ipairs(values) do
    local packed = string.pack(signed, v)
    print(signed, v, hex(packed), string.unpack(signed, packed))
  end
  local top = n < 8 and (1 << (8 * n)) - 1 or -1
  local packed = string.pack(unsigned, top)
  print(unsigned, top, hex(packed), string.unpack(unsigned, packed))
  print(">i" .. n, hex(string.pack(">i" .. n, -3)), string.unpack(">i" .. n, string.pack(">i" .. n, -3)))
end

-- Just past the limits of the narrow sizes.
for n = 1, 7 do
  local limit = 1 << (8 * n - 1)
  print(n, pcall(string.pack, "i" .. n, limit))
  print(n, pcall(string.pack, "i" .. n, -limit - 1))
  print(n, pcall(string.pack, "I" .. n, 1 << (8 * n)))
  print(n, pcall(string.pack, "I" .. n, -1))
end
