-- File handles: io.type, tostring ("file (0x...)" / "file (closed)"), the
-- "FILE*" metatable, closing twice, the standard files (which cannot be
-- closed), tmpfile and to-be-closed handles.
local f = io.tmpfile()
print(io.type(f), io.type(io.stdin), io.type(io.stdout), io.type(io.stderr))
print(io.type(nil), io.type(42), io.type({}), io.type(setmetatable({}, getmetatable(f))))
print(pcall(io.type))
print(tostring(f):match("^file %(0x%x+%)$") ~= nil)
local mt = getmetatable(f)
print(mt == getmetatable(io.stdout), mt.__name, type(mt.__index), type(mt.__gc), type(mt.__close),
      type(mt.__tostring))
local methods = {}
for k in pairs(mt.__index) do methods[#methods + 1] = k end
table.sort(methods)
print(table.concat(methods, " "))

print(f:write("tmp data") == f, f:seek("set"), f:read("a"))
print(f:close())
print(io.type(f), tostring(f))
print(pcall(f.close, f))
print(pcall(f.read, f))
print(pcall(f.lines, f))
print(pcall(io.close, f))
-- __gc and __close of a closed file do nothing.
print(mt.__gc(f), mt.__close(f))

print(io.stdout:close())
print(io.stderr:close())
print(io.stdin:close())
print(io.type(io.stdout), io.type(io.stdin))
print(pcall(io.close))   -- the default output is stdout
print(mt.__gc(io.stdout), io.type(io.stdout))
io.stdout:write("stdout still works\n")
io.stderr:write("")

-- A to-be-closed handle is closed at the end of its block.
local name = os.tmpname()
local kept
do
  local g <close> = assert(io.open(name, "w"))
  kept = g
  g:write("closed by <close>")
end
print(io.type(kept))
for l in io.lines(name) do print(l) end
-- mt.__close closes an open file.
local h = assert(io.open(name))
mt.__close(h)
print(io.type(h))
os.remove(name)
print(pcall(mt.__tostring, 1))
print(pcall(f.close))
print(pcall(f.close, {}))
