-- os.exit in a child interpreter (arg[-1] is the interpreter running this
-- test): files left open are flushed, and the status reaches the parent
-- (true -> 0, false -> 1, integers as given, none -> 0).
local name = os.tmpname()
local function child(code)
  local p = io.popen(arg[-1] .. " -e " .. string.format("%q", code))
  local out = p:read("a")
  return out, p:close()
end
print(child("local f = io.open('" .. name .. "', 'w') f:write('written, not closed') os.exit(5)"))
local f = io.open(name)
print(f:read("a"))
f:close()
os.remove(name)
print(child("io.write('x') os.exit(true)"))
print(child("os.exit(false)"))
print(child("os.exit()"))
print(child("os.exit(256 + 7)"))
print(child("print(pcall(os.exit, 'x'))"))
