-- f (C float), d (double) and n (Lua float): bytes in both orders, round
-- trips, special values, and floats that a C float cannot hold exactly.
local function hex(s)
  return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

local values = {0.0, -0.0, 1.0, -1.5, 0.1, 1 / 3, 1e300, -1e-300, 1 / 0, -1 / 0, 3, math.pi}
for _, option in ipairs({"f", "d", "n"}) do
  for _, order in ipairs({"<", ">"}) do
    for _, v in ipairs(values) do
      local fmt = order .. option
      local packed = string.pack(fmt, v)
      local back, next_pos = string.unpack(fmt, packed)
      print(fmt, string.format("%.17g", v), hex(packed), string.format("%.17g", back),
            math.type(back), next_pos)
    end
  end
end

-- NaN survives the round trip (compared with itself it is unequal).
local nan = string.unpack("d", string.pack("d", 0 / 0))
print(nan ~= nan, string.unpack("f", string.pack("f", 0 / 0)) ~= 0)
-- Numeric strings are numbers here.
print(string.unpack("<d", string.pack("<d", "2.5")))
print(pcall(string.pack, "d", "2.5x"))
print(pcall(string.pack, "f", {}))
print(string.packsize("f"), string.packsize("d"), string.packsize("n"))
