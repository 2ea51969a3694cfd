-- Method calls through metatables: classes with __index, inheritance two
-- levels deep, overridden methods and a __tostring-free checksum.
-- Usage: oop_methods.lua [SCALE]; SCALE multiplies the number of rounds.
local scale = tonumber(arg and arg[1]) or 1
local Shape = {}
Shape.__index = Shape

function Shape.new(name)
  return setmetatable({ name = name, moves = 0 }, Shape)
end

function Shape:move(dx, dy)
  self.x = (self.x or 0) + dx
  self.y = (self.y or 0) + dy
  self.moves = self.moves + 1
end

function Shape:area() return 0 end

local Rect = setmetatable({}, { __index = Shape })
Rect.__index = Rect

function Rect.new(w, h)
  local r = Shape.new("rect")
  r.w, r.h = w, h
  return setmetatable(r, Rect)
end

function Rect:area() return self.w * self.h end

local Square = setmetatable({}, { __index = Rect })
Square.__index = Square

function Square.new(side)
  local s = Rect.new(side, side)
  s.name = "square"
  return setmetatable(s, Square)
end

function Square:perimeter() return 4 * self.w end

local Circle = setmetatable({}, { __index = Shape })
Circle.__index = Circle

function Circle.new(r)
  local c = Shape.new("circle")
  c.r = r
  return setmetatable(c, Circle)
end

function Circle:area() return 3 * self.r * self.r end

local shapes = {}
for i = 1, 300 do
  local kind = i % 3
  if kind == 0 then shapes[i] = Rect.new(i % 17 + 1, i % 5 + 1)
  elseif kind == 1 then shapes[i] = Square.new(i % 11 + 1)
  else shapes[i] = Circle.new(i % 7 + 1) end
end

local total = 0
for round = 1, math.max(1, math.floor(20000 * scale + 0.5)) do
  for i = 1, #shapes do
    local s = shapes[i]
    s:move(1, -1)
    total = total + s:area()
    if s.perimeter then total = total + s:perimeter() end
  end
  total = total % 1000000007
end
print(total, shapes[1].moves, shapes[2].x, shapes[3].y)
