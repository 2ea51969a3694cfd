-- io.input and io.output switch the default files (by handle or by name);
-- io.read, io.write, io.lines, io.flush and io.close use them, and report
-- a closed default file as Lua does.
local name = os.tmpname()
print(io.input() == io.stdin, io.output() == io.stdout)
print(io.output(name) == io.output(), io.output() ~= io.stdout)
io.write("one\n", 2, "\n", 3.5, "\n")
print(io.flush())
print(io.close())
print(io.type(io.output()))
print(pcall(io.write, "x"))
print(pcall(io.flush))
print(pcall(io.close))
io.output(io.stdout)

print(io.input(name) == io.input())
print(io.read())
print(io.read("n", "n"))
print(io.read("L"))
print(io.read("a"))
print(io.read("l"), io.read(0), io.read("a"))
io.input():close()
print(pcall(io.read))
print(pcall(io.lines))
print(pcall(io.input, io.input()))

local f = assert(io.open(name))
print(io.input(f) == f, io.read("l"))
f:close()
io.input(io.stdin)

print(pcall(io.input, "/nonexistent/file"))
print(pcall(io.output, "/nonexistent/dir/file"))
print(pcall(io.input, {}))
print(pcall(io.output, 42 == 42))
print(io.input() == io.stdin, io.output() == io.stdout)
-- Standard input is empty here (the test drivers give /dev/null).
print(io.read(), io.read("a"), io.read(0), io.read("n"), io.read(5))
for l in io.lines() do print("never", l) end
print(io.stdin:read("L"))
os.remove(name)
