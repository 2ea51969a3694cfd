-- Number and string formatting: string.format with integer, float, string
-- and padding directives, and tostring of numbers; checksum over the lengths
-- and bytes produced.
local acc = 0
for i = 1, 600000 do
  local s = string.format("%5d|%-8s|%8.3f|%x|%q", i, "n" .. (i % 97), i / 7, i * 13, "q" .. i)
  local t = tostring(i * 0.5) .. tostring(i)
  acc = (acc * 17 + #s + s:byte(#s - 2) + #t) % 1000000007
end
print(acc)
