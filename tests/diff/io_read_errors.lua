-- read's argument errors, raised once the formats before them are read;
-- reading stops at the first failure, so later bad formats go unseen.
local name = os.tmpname()
local f = assert(io.open(name, "w"))
f:write("one\ntwo\n")
f:close()
f = assert(io.open(name))
print(pcall(f.read, f, "x"))
print(pcall(f.read, f, "l", "x"))
print(f:read("l"))             -- the first "l" above consumed "one"
print(pcall(f.read, f, {}))
print(pcall(f.read, f, 1.5))
print(pcall(f.read, f, "l", "l", "bad"))   -- the second "l" fails at the end
print(pcall(f.read, f, -1))
print(pcall(function() return f:read("z") end))
print(pcall(function() return f:read("l", 1.5) end))
print(pcall(f.read))
print(pcall(f.read, io.stdin, "x"))
print(pcall(f.read, 42))
print(pcall(io.read, "x"))
print(pcall(io.read, {}))
f:close()
print(pcall(f.read, f))
print(pcall(f.read, f, "x"))   -- closed is checked first
os.remove(name)
-- A directory opens but cannot be read: nil, strerror, errno.
local d = assert(io.open("/"))
print(d:read())
print(d:read("a"))
print(d:read(0))
print(d:read("n", "l"))
d:close()
