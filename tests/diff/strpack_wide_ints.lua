-- Integers wider than a Lua integer (9 to 16 bytes): written with their sign
-- extended; read back only when the extra bytes just extend the sign.
local function hex(s)
  return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

for _, order in ipairs({"<", ">"}) do
  for n = 9, 16 do
    for _, v in ipairs({math.mininteger, -1, 0, math.maxinteger}) do
      local packed = string.pack(order .. "i" .. n, v)
      print(order, n, v, hex(packed), string.unpack(order .. "i" .. n, packed))
    end
    -- Unsigned reading of a sign-extended -1 does not fit.
    print(pcall(string.unpack, order .. "I" .. n, string.pack(order .. "i" .. n, -1)))
    -- A bit set above the low eight bytes does not fit either way.
    local big = order == "<" and string.rep("\0", 8) .. "\1" .. string.rep("\0", n - 9)
                             or string.rep("\0", n - 9) .. "\1" .. string.rep("\0", 8)
    print(pcall(string.unpack, order .. "i" .. n, big))
    print(pcall(string.unpack, order .. "I" .. n, big))
    -- An eight-byte negative value with no sign extension is not a negative i9+.
    local low = order == "<" and string.rep("\255", 8) .. string.rep("\0", n - 8)
                             or string.rep("\0", n - 8) .. string.rep("\255", 8)
    print(pcall(string.unpack, order .. "i" .. n, low))
    print(pcall(string.unpack, order .. "I" .. n, low))
  end
end
