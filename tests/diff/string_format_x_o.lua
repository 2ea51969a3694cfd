-- %x %X %o, including negative numbers (two's complement) and the # flag.
for _, v in ipairs({ 0, 1, 255, 4096, -1, -255, math.maxinteger, math.mininteger }) do
  print(string.format("%x|%X|%o|%#x|%#X|%#o|%08x|%-6x|%.4x", v, v, v, v, v, v, v, v, v))
end
print(string.format("%x", 3.0), pcall(string.format, "%x", 3.5))
print(string.format("%5.3x|%-#8x|", 10, 10))
