-- Writes that fail return nil, the message and errno, as in Lua: a file
-- opened for reading, a closed-for-writing standard input.
local name = os.tmpname()
local f = assert(io.open(name, "r"))
print(f:write("x"))
print(f:write(1, 2.5))
f:close()
print(pcall(f.write, f, "x"))
os.remove(name)
print(io.stdin:write("x"))
