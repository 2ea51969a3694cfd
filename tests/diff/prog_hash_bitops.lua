-- FNV-1a and a 32-bit xorshift written with integer bit operations.
local function fnv1a32(s)
  local h = 0x811c9dc5
  for i = 1, #s do
    h = h ~ s:byte(i)
    h = (h * 0x01000193) & 0xffffffff
  end
  return h
end
local function fnv1a64(s)
  local h = -3750763034362895579  -- 0xcbf29ce484222325 as a signed integer
  for i = 1, #s do h = (h ~ s:byte(i)) * 0x100000001b3 end
  return h
end
for _, s in ipairs({ "", "a", "foobar", "The quick brown fox" }) do
  print(string.format("%08x %016x", fnv1a32(s), fnv1a64(s)))
end
local x = 2463534242
local out = {}
for i = 1, 8 do
  x = x ~ ((x << 13) & 0xffffffff)
  x = x ~ (x >> 17)
  x = x ~ ((x << 5) & 0xffffffff)
  out[i] = x
end
print(table.concat(out, " "))
print(1 << 63, 1 << 64, -1 >> 1, -1 >> 64, 5 << -1, 3 ~ 5, ~0)
