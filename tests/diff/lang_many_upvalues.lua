-- Closures with many upvalues: 255 is the limit, one more is a compile error.
-- The upvalues come from two enclosing functions (each may have only 200 locals).
local function build(nx, ny)
  local code = { "local function outer()" }
  for i = 1, nx do code[#code + 1] = ("local x%d = %d"):format(i, i) end
  code[#code + 1] = "return function()"
  for i = 1, ny do code[#code + 1] = ("local y%d = %d"):format(i, i) end
  local names = {}
  for i = 1, nx do names[#names + 1] = "x" .. i end
  for i = 1, ny do names[#names + 1] = "y" .. i end
  code[#code + 1] = "return function() x1 = x1 + 1000; return " .. table.concat(names, " + ") .. " end end end"
  code[#code + 1] = "return outer()()"
  return table.concat(code, "\n")
end
local f = assert(load(build(128, 127)))()
print(f(), f())
print(load(build(128, 128)))
