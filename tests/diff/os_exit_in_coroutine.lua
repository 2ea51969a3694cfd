-- os.exit in a coroutine of a child interpreter (arg[-1] runs this test):
-- the status reaches the parent and a file written but not closed is
-- flushed, as from the main chunk.
local name = os.tmpname()
local function child(code)
  local p = io.popen(arg[-1] .. " -e " .. string.format("%q", code))
  local out = p:read("a")
  return out, p:close()
end
print(child("local f = io.open('" .. name .. "', 'w') f:write('written, not closed') "
  .. "coroutine.wrap(function() os.exit(9) end)()"))
local f = io.open(name)
print(f:read("a"))
f:close()
os.remove(name)
print(child("io.write('x') coroutine.wrap(function() coroutine.wrap(os.exit)(true) end)()"))
print(child("coroutine.wrap(function() os.exit(false) end)()"))
print(child("coroutine.resume(coroutine.create(function() pcall(os.exit, 4) end))"))
