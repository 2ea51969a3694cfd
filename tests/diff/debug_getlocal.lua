-- debug.getlocal / setlocal on levels: named locals, temporaries, varargs.
local function locals(level)
  local out = {}
  local i = 1
  while true do
    local name, value = debug.getlocal(level + 1, i)
    if not name then break end
    if name:sub(1, 1) ~= "(" then out[#out + 1] = name .. "=" .. tostring(value) end
    i = i + 1
  end
  return table.concat(out, " ")
end

local function f(a, b, ...)
  local c = a + b
  do
    local inner = "x"
    print("in block", locals(1))
  end
  print("after block", locals(1))
  print("vararg -1", debug.getlocal(1, -1))
  print("vararg -2", debug.getlocal(1, -2))
  print("vararg -3", debug.getlocal(1, -3))
  print("vararg -4", debug.getlocal(1, -4))
  print("zero", debug.getlocal(1, 0))
  print("far", debug.getlocal(1, 100))
  print("set", debug.setlocal(1, 1, 100), a)
  print("set vararg", debug.setlocal(1, -1, "v"), ...)
  print("set none", debug.setlocal(1, 50, 0))
  return c
end
f(1, 2, "p", "q", "r")

local function g(x)
  print("no varargs", debug.getlocal(1, -1))
end
g(1)

-- the function form: parameter names only
local function params(p1, p2, ...) local l = 1 end
print(debug.getlocal(params, 1), debug.getlocal(params, 2), debug.getlocal(params, 3))
print(debug.getlocal(params, 0), debug.getlocal(print, 1))

-- levels out of range
print(pcall(debug.getlocal, 50, 1))
print(pcall(debug.setlocal, 50, 1, 1))
print(pcall(debug.setlocal, 1, 1))
print(pcall(debug.getlocal, 1))

-- a caller's locals, changed from a callee
local function callee()
  debug.setlocal(2, 1, "changed")
end
local function caller()
  local v = "orig"
  callee()
  return v
end
print(caller())

-- native levels have C temporaries
print(select("#", debug.getlocal(0, 1)), (debug.getlocal(0, 1)))

-- main chunk locals
local mainlocal = 42
print(locals(1):find("mainlocal=42") ~= nil)
