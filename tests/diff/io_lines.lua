-- io.lines and file:lines: line by line or with formats; io.lines(name)
-- closes its file at the end of the loop (also after a break, through the
-- to-be-closed fourth value) and fails like Lua for a missing file.
local name = os.tmpname()
local f = assert(io.open(name, "w"))
f:write("alpha\n", "beta\n", "\n", "10 20 30\n", "last")
f:close()

for l in io.lines(name) do io.write("[", l, "]") end
print()
for l in io.lines(name, "L") do io.write("[", l, "]") end
print()
for a, b in io.lines(name, 3, "l") do io.write("[", a, "|", tostring(b), "]") end
print()
for c in io.lines(name, 4) do io.write(c, "|") end
print()

local iter, state, control, closing = io.lines(name)
print(type(iter), state, control, io.type(closing))
print(iter(), iter())
for l in iter do end
print(io.type(closing))
print(pcall(iter))

-- Breaking out of the loop still closes the file.
local seen
for l, file in io.lines(name) do seen = l break end
print(seen)

f = assert(io.open(name))
for l in f:lines() do if l == "" then break end end
print(f:read("n", "n", "n"))
for n in f:lines("n") do io.write(n, " ") end
print(io.type(f))
print(f:read("a"))
f:close()

f = assert(io.open(name))
local it = f:lines("l", "x")
print(pcall(it))
f:close()
print(pcall(it))

print(pcall(io.lines, "/nonexistent/file"))
print(pcall(function() for l in io.lines("/nonexistent/file") do end end))
print(pcall(function() for l in io.lines(name, "x") do end end))
print(pcall(function() for l in io.lines(name, {}) do end end))
print(pcall(function() for l in io.lines("/") do end end))
print(pcall(io.lines, name, table.unpack({}, 1, 251)))
print(select("#", io.lines(name, table.unpack({}, 1, 250))))
print(pcall(io.lines, {}))
print(pcall(f.lines, f))
print(pcall(f.lines))

-- io.lines() reads the default input.
io.input(name)
for l in io.lines() do io.write("<", l, ">") end
print()
print(io.type(io.input()))
io.input():close()
print(pcall(io.lines))
io.input(io.stdin)
os.remove(name)
