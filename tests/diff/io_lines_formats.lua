-- io.lines and file:lines with formats, numbers, "L", and reading past the end.
local name = os.tmpname()
local f = assert(io.open(name, "w"))
f:write("10 20.5 0x1F\nsecond line\n\nlast")
f:close()
for a, b, c in io.lines(name, "n", "n", "n") do print(a, b, c, math.type(a)) break end
local out = {}
for l in io.lines(name, "L") do out[#out + 1] = ("%q"):format(l) end
print(table.concat(out, " "))
f = assert(io.open(name))
print(f:read("n", "n", "n", "l"))
print(f:read("l"), f:read("l"), f:read("l"), f:read("l"), f:read("a"), f:read("a"))
print(f:read(0), f:read(1))
f:close()
print(pcall(function() for l in io.lines(name, "x") do end end))
print(pcall(f.read, f))
os.remove(name)
print(select(2, pcall(io.lines, "/nonexistent/file")) ~= nil)
