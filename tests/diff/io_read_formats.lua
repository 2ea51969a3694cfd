-- file:read with every format: "n", "l", "L", "a", counts, the 5.3-style
-- "*" prefixes, several formats at once, and what each returns at the end.
local name = os.tmpname()
local f = assert(io.open(name, "w"))
f:write("first line\n", "second\r\n", "\n", "42 -7 0x1F 3.5e2 .5 1e 0x 12abc\n",
        "  -0.25\tinf nan 9223372036854775808\n", "tail without newline")
f:close()

f = assert(io.open(name))
print(f:read())
print(f:read("L"))
print(f:read("l"))
print(f:read("n", "n", "*n", "n", "n"))
print(f:read("n"))          -- "1e" is no numeral
print(f:read("l"))
print(f:read("n"))          -- "0x" neither
print(f:read("n"), f:read(2), f:read("n"))
print(f:read("*l"))
print(f:read("n"), f:read("n"))
print(f:read(1), f:read(0), f:read(5))
print(f:read("a"))
print(f:read("a"), f:read(0), f:read(1), f:read("l"), f:read("L"), f:read("n"))
print(select("#", f:read("l", "l", "l")))
print(f:read("*a"), f:read("*L"))
f:close()

f = assert(io.open(name))
print(f:read(5, 0, "l", 3))
print(#f:read(1000))
print(f:read(0))
f:seek("set")
local all = f:read("a")
print(#all, select(2, all:gsub("\n", "")))
f:seek("set")
print(f:read("n"))           -- not a number: fail, nothing consumed but the spaces
print(f:read("l"))
f:close()

-- A numeral longer than 200 characters fails.
f = assert(io.open(name, "w"))
f:write(string.rep("1", 201), " ", string.rep("2", 200), " 0x", string.rep("f", 16))
f:close()
f = assert(io.open(name))
print(f:read("n"))
print(f:read(1))
print(f:read("n"))
print(f:read("n"))
f:close()

-- Reading text with NUL bytes and a long line.
f = assert(io.open(name, "wb"))
f:write("a\0b\n", string.rep("x", 100000), "\n")
f:close()
f = assert(io.open(name, "rb"))
local l = f:read("l")
print(#l, l:byte(2))
print(#f:read("L"))
print(f:read("l"))
f:close()
os.remove(name)
