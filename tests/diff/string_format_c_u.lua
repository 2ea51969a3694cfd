-- %c produces a byte; %u formats as an integer.
print(string.format("%c%c%c", 76, 117, 97), string.format("%5c|%-5c|", 65, 66))
print(#string.format("%c", 0), string.format("%c", 255):byte())
print(string.format("%u %u %5u", 42, 0, 7))
print(pcall(string.format, "%c", "x"))
print(pcall(string.format, "%c"))
