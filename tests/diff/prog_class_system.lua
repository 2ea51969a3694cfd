-- A small class system: constructors, inheritance, super, mixins, properties, tostring.
local function class(name, parent)
  local c = { __name = name }
  c.__index = function(self, k)
    local getter = rawget(c, "get_" .. k)
    if getter then return getter(self) end
    return c[k]
  end
  c.__tostring = function(self) return name .. (self.describe and ("<" .. self:describe() .. ">") or "") end
  setmetatable(c, {
    __index = parent,
    __call = function(cls, ...)
      local obj = setmetatable({}, cls)
      if cls.init then cls.init(obj, ...) end
      return obj
    end,
  })
  c.super = parent
  c.name = name
  return c
end
local function is_instance(obj, cls)
  local m = getmetatable(obj)
  while m do if m == cls then return true end m = m.super end
  return false
end
local Shape = class("Shape")
function Shape:init(x, y) self.x, self.y = x, y end
function Shape:area() return 0 end
function Shape:describe() return string.format("at %d,%d area %.2f", self.x, self.y, self:area()) end
function Shape:move(dx, dy) self.x, self.y = self.x + dx, self.y + dy; return self end
local Circle = class("Circle", Shape)
function Circle:init(x, y, r) Shape.init(self, x, y); self.r = r end
function Circle:area() return math.pi * self.r ^ 2 end
function Circle:get_diameter() return self.r * 2 end
local Rect = class("Rect", Shape)
function Rect:init(x, y, w, h) Rect.super.init(self, x, y); self.w, self.h = w, h end
function Rect:area() return self.w * self.h end
local Square = class("Square", Rect)
function Square:init(x, y, s) Rect.init(self, x, y, s, s) end
function Square:describe() return "square " .. Rect.describe(self) end
local Comparable = { __lt = function(a, b) return a:area() < b:area() end, __eq = function(a, b) return a:area() == b:area() end }
for _, cls in ipairs({ Shape, Circle, Rect, Square }) do cls.__lt = Comparable.__lt; cls.__eq = Comparable.__eq end
local shapes = { Circle(0, 0, 1), Rect(1, 1, 2, 3), Square(2, 2, 2), Shape(5, 5), Circle(3, 3, 0.5) }
for _, s in ipairs(shapes) do print(tostring(s)) end
table.sort(shapes, function(a, b) return a < b end)
local names = {}
for i, s in ipairs(shapes) do names[i] = s.name .. string.format("(%.2f)", s:area()) end
print(table.concat(names, " "))
print(shapes[1].diameter, Circle(0, 0, 4).diameter)
print(is_instance(Square(0, 0, 1), Shape), is_instance(Circle(0, 0, 1), Rect), is_instance(Rect(0, 0, 1, 1), Rect))
print(tostring(Square(0, 0, 3):move(1, 1):move(-2, 5)))
print(Rect(0, 0, 2, 2) == Square(9, 9, 2), Rect(0, 0, 2, 2) == Square(0, 0, 3))
