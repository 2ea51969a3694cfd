-- Random formats of valid and invalid options, packed with values of every
-- kind: whatever pack, packsize and unpack do (results or errors) must be
-- what Lua does. A fixed generator keeps the run deterministic.
local state = 12345
local function random(n)
  state = (state * 1103515245 + 12345) % 2147483648
  return state % n + 1
end

local options = {
  "b", "B", "h", "H", "l", "L", "j", "J", "T", "f", "d", "n", "i", "I", "s", "z",
  "x", "X", "<", ">", "=", "!", " ", "c", "i3", "I5", "i16", "I9", "s1", "s2", "c3",
  "c0", "!4", "!2", "!16", "!3", "i17", "Xi4", "Xh", "Xc", "Xz", "q", "s9", "i7", "I12",
}
local values = {
  0, 1, -1, 127, 128, -128, 255, 256, 65535, -32768, 2 ^ 31, math.maxinteger,
  math.mininteger, 3.5, "abc", "", "a\0b", 1e300, -0.0,
}

local function show(...)
  local out = {}
  for i = 1, select("#", ...) do
    local v = select(i, ...)
    if type(v) == "string" then
      out[i] = v:find("[^%w%p ]") and (v:gsub(".", function(c)
        return string.format("%02x", c:byte())
      end)) or v
    elseif math.type(v) == "float" then
      out[i] = string.format("%.17g", v)
    else
      out[i] = tostring(v)
    end
  end
  return table.concat(out, " ")
end

for _ = 1, 600 do
  local n = random(5)
  local parts, args = {}, {}
  for i = 1, n do
    parts[i] = options[random(#options)]
    args[i] = values[random(#values)]
  end
  local fmt = table.concat(parts)
  local ok, packed = pcall(string.pack, fmt, table.unpack(args, 1, n))
  print(fmt, show(ok, packed), show(pcall(string.packsize, fmt)))
  if ok then
    print("", show(pcall(string.unpack, fmt, packed)))
    print("", show(pcall(string.unpack, fmt, packed:sub(1, -2))))
  end
  local junk = {}
  for i = 1, random(30) do junk[i] = string.char(random(256) - 1) end
  print("", show(pcall(string.unpack, fmt, table.concat(junk))))
end
