-- Inline caches: one instruction site used on tables of different shapes,
-- sizes and key orders, so the remembered node is right for one table and
-- wrong (another key, out of range, no hash part) for the next.
local function getx(t) return t.x end
local function setx(t, v) t.x = v end
local function call(t) return t:name() end

local shapes = {
  {x = 1},
  {a = 1, b = 2, c = 3, x = 2},
  {x = 3, y = 4},
  {},                         -- no hash part
  {1, 2, 3},                  -- array only
  {p = 1, q = 2, r = 3, s = 4, t = 5, u = 6, v = 7, x = 4},
  setmetatable({}, {__index = {x = 5}}),
  setmetatable({y = 1}, {__index = function(_, k) return "fn:" .. k end}),
}
local out = {}
for round = 1, 3 do
  for i, t in ipairs(shapes) do
    out[#out + 1] = tostring(getx(t))
    if round == 2 and i % 2 == 0 then setx(t, i * 100) end
  end
end
print(table.concat(out, " "))

-- Method calls on objects of several classes through one SELF site.
local function class(name, parent)
  local c = {}
  c.__index = c
  if parent then setmetatable(c, parent) end
  c.name = function(self) return name .. "/" .. tostring(self.id) end
  return c
end
local A = class("A")
local B = class("B", A)
local C = {}
C.__index = C
setmetatable(C, B)        -- C has no 'name': found two levels up
local objs = {
  setmetatable({id = 1}, A), setmetatable({id = 2}, B), setmetatable({id = 3}, C),
  setmetatable({id = 4, name = function() return "own" end}, A),
  setmetatable({id = 5}, A),
}
local names = {}
for round = 1, 3 do
  for _, o in ipairs(objs) do names[#names + 1] = call(o) end
end
print(table.concat(names, " "))

-- Strings and other non-tables through the same sites.
local function len(s) return s:len() end
print(len("abc"), len("hello"), pcall(len, 42))
print(pcall(getx, nil))
print(pcall(getx, "str"))
