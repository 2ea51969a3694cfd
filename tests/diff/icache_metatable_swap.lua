-- Inline caches: metatables swapped between calls at the same sites, and an
-- __index that changes from a table to another table to a function, to a
-- subclass, in the middle of a loop.
local function m(o) return o:who() end
local function f(o) return o.field end

local A = {who = function() return "A" end, field = "fa"}
A.__index = A
local B = {who = function() return "B" end, field = "fb"}
B.__index = B
local o = {}
local out = {}
for i = 1, 12 do
  if i % 3 == 0 then setmetatable(o, A)
  elseif i % 3 == 1 then setmetatable(o, B)
  else setmetatable(o, {__index = function(_, k) return k == "who" and function() return "F" end or "ff" end}) end
  out[#out + 1] = m(o) .. f(o)
end
print(table.concat(out, " "))

-- __index changed in the middle of a loop: class -> subclass -> function -> nil
local Class = {who = function() return "class" end, field = 1}
local mt = {__index = Class}
local obj = setmetatable({}, mt)
local Sub = setmetatable({who = function() return "sub" end}, {__index = Class})
local res = {}
for i = 1, 20 do
  res[#res + 1] = m(obj) .. ":" .. tostring(f(obj))
  if i == 4 then mt.__index = Sub end
  if i == 8 then mt.__index = function(t, k) if k == "who" then return function() return "fn" end end return i end end
  if i == 12 then mt.__index = nil; obj.who = function() return "own" end end
  if i == 16 then obj.who = nil; mt.__index = Class; Class.field = "changed" end
end
print(table.concat(res, " "))

-- The metatable itself rehashed, moving "__index" to another node.
local mt2 = {__index = {field = "x"}}
local o2 = setmetatable({}, mt2)
local r2 = {}
for i = 1, 30 do
  r2[#r2 + 1] = f(o2)
  mt2["pad" .. i] = i
  if i == 15 then mt2.__index = {field = "y"} end
  if i == 20 then for j = 1, 20 do mt2["pad" .. j] = nil end end
end
print(table.concat(r2))

-- __index chains ending in a loop: the same error as Lua.
local loop = {}
setmetatable(loop, {__index = loop})
print(pcall(f, loop))

-- A chain deeper than the levels that keep hints, changed at the bottom.
local function deep(o) return o.deep end
local bottom = {deep = "bottom"}
local level = bottom
for _ = 1, 6 do level = setmetatable({}, {__index = level}) end
local leaf = setmetatable({}, {__index = level})
local r3 = {}
for i = 1, 6 do
  r3[#r3 + 1] = tostring(deep(leaf))
  if i == 2 then bottom.deep = nil end
  if i == 3 then bottom.deep = "again" end
  if i == 4 then getmetatable(level).__index = {deep = "cut"} end
end
print(table.concat(r3, " "))
