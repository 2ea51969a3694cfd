-- Indexing an upvalue that is not a table with a constant key (GETTABUP,
-- SETTABUP): the error names the upvalue, open or closed.
local function maker()
  local u = nil
  local get = function() return u.field end
  local set = function() u.field = 1 end
  print(pcall(get))
  print(pcall(set))
  return get, set
end
local get, set = maker()
print(pcall(get))
print(pcall(set))
local n = 5
print(pcall(function() return n.x end))
print(pcall(function() n.x = 1 end))
-- with __index / __newindex on the upvalue's value: the slow path's value
local t = setmetatable({}, { __index = function(_, k) return k .. "!" end,
                             __newindex = function(_, k, v) print("set", k, v) end })
print((function() return t.hello end)())
;(function() t.world = 42 end)()
