-- Files a program leaves open are flushed and closed when it ends, normally
-- or by an error (checked in a child: arg[-1] is the interpreter running
-- this test).
local name = os.tmpname()
local function child(code)
  local p = io.popen(arg[-1] .. " -e \"" .. code .. "\" 2>/dev/null")
  p:read("a")
  return p:close()
end
local function contents()
  local f = io.open(name)
  local text = f:read("a")
  f:close()
  return text
end
print(child("F = io.open('" .. name .. "', 'w') F:write('kept in a global')"))
print(contents())
print(child("local f = io.open('" .. name .. "', 'w') f:write('then an error') error('x')"))
print(contents())
print(child("io.output('" .. name .. "') io.write('through io.output')"))
print(contents())
os.remove(name)
