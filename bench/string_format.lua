-- Number and string formatting: string.format with integer, float, string
-- and padding directives, and tostring of numbers; checksum over the lengths
-- and bytes produced.
-- Lua 5.4 only: its checksum covers tostring of floats (1.0 in Lua 5.4, 1 in LuaJIT).
-- Usage: string_format.lua [SCALE]; SCALE multiplies the number of strings.
local scale = tonumber(arg and arg[1]) or 1
local acc = 0
for i = 1, math.max(1, math.floor(600000 * scale + 0.5)) do
  local s = string.format("%5d|%-8s|%8.3f|%x|%q", i, "n" .. (i % 97), i / 7, i * 13, "q" .. i)
  local t = tostring(i * 0.5) .. tostring(i)
  acc = (acc * 17 + #s + s:byte(#s - 2) + #t) % 1000000007
end
print(acc)
