-- Returning closes variables after the return values are computed.
local log = {}
local function res(name) return setmetatable({}, { __close = function() log[#log + 1] = name end }) end
local function f()
  local a <close> = res("a")
  local b <close> = res("b")
  return "value", #log
end
print(f())
print(table.concat(log, ","))
log = {}
local function g(x)
  local r <close> = res("g")
  if x then return "early" end
  local r2 <close> = res("g2")
  return "late"
end
print(g(true), table.concat(log, ","))
log = {}
print(g(false), table.concat(log, ","))
local function tail()
  local t <close> = res("tail")
  return tostring(#log)
end
log = {}
print(tail(), table.concat(log, ","))
local function multi()
  local m <close> = setmetatable({}, { __close = function() print("closing multi") end })
  return 1, 2, 3
end
print(multi())
