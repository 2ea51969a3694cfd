-- Base64 encode/decode with bit operations, checked against known vectors.
local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
local decode_map = {}
for i = 1, #alphabet do decode_map[alphabet:byte(i)] = i - 1 end
local function encode(s)
  local out = {}
  for i = 1, #s, 3 do
    local a, b, c = s:byte(i, i + 2)
    local n = (a << 16) | ((b or 0) << 8) | (c or 0)
    out[#out + 1] = alphabet:sub((n >> 18) + 1, (n >> 18) + 1)
    out[#out + 1] = alphabet:sub(((n >> 12) & 63) + 1, ((n >> 12) & 63) + 1)
    out[#out + 1] = b and alphabet:sub(((n >> 6) & 63) + 1, ((n >> 6) & 63) + 1) or "="
    out[#out + 1] = c and alphabet:sub((n & 63) + 1, (n & 63) + 1) or "="
  end
  return table.concat(out)
end
local function decode(s)
  s = s:gsub("[^%w%+/=]", "")
  local out = {}
  for i = 1, #s, 4 do
    local n, pad = 0, 0
    for j = 0, 3 do
      local ch = s:byte(i + j)
      if ch == 61 then pad = pad + 1; n = n << 6
      else n = (n << 6) | (decode_map[ch] or error("bad character " .. string.char(ch))) end
    end
    out[#out + 1] = string.char((n >> 16) & 255)
    if pad < 2 then out[#out + 1] = string.char((n >> 8) & 255) end
    if pad < 1 then out[#out + 1] = string.char(n & 255) end
  end
  return table.concat(out)
end
for _, s in ipairs({ "", "f", "fo", "foo", "foob", "fooba", "foobar", "Many hands make light work.", "\0\1\2\255\254" }) do
  local e = encode(s)
  print(string.format("%q", s), e, decode(e) == s)
end
local all = {}
for i = 0, 255 do all[#all + 1] = string.char(i) end
all = table.concat(all)
local enc = encode(all)
print(#enc, enc:sub(1, 40), decode(enc) == all)
print(pcall(decode, "ab!c"))
print(pcall(decode, "a$=="))
