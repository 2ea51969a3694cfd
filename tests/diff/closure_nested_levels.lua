-- Upvalues through several nesting levels, some skipped levels.
local a = "A"
local function l1()
  local b = "B"
  return function()
    local c = "C"
    return function()
      return function() a = a .. "!"; return a .. b .. c end
    end
  end
end
local f = l1()()()
print(f(), f())
local function compose(...)
  local fns = { ... }
  return function(x)
    for i = #fns, 1, -1 do x = fns[i](x) end
    return x
  end
end
local inc = function(x) return x + 1 end
local dbl = function(x) return x * 2 end
print(compose(inc, dbl)(5), compose(dbl, inc)(5), compose()(7), compose(inc, inc, inc, dbl)(1))
local function curry(f, n, ...)
  local args = { ... }
  if #args >= n then return f(table.unpack(args, 1, n)) end
  return function(...)
    local more = { table.unpack(args) }
    for _, v in ipairs({ ... }) do more[#more + 1] = v end
    return curry(f, n, table.unpack(more))
  end
end
local add3 = function(x, y, z) return x + y + z end
print(curry(add3, 3)(1)(2)(3), curry(add3, 3)(1, 2)(3), curry(add3, 3, 1, 2, 3))
