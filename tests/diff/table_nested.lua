-- Nested tables: building, walking recursively, deep copy and equality.
local function build(depth)
  if depth == 0 then return { leaf = true } end
  return { depth = depth, left = build(depth - 1), right = build(depth - 1) }
end
local tree = build(6)
local function count(t)
  if t.leaf then return 1 end
  return 1 + count(t.left) + count(t.right)
end
print(count(tree))
local function copy(t)
  if type(t) ~= "table" then return t end
  local r = {}
  for k, v in pairs(t) do r[k] = copy(v) end
  return r
end
local function equal(a, b)
  if type(a) ~= "table" or type(b) ~= "table" then return a == b end
  for k, v in pairs(a) do if not equal(v, b[k]) then return false end end
  for k in pairs(b) do if a[k] == nil then return false end end
  return true
end
local c = copy(tree)
print(c ~= tree, equal(c, tree), c.left ~= tree.left)
c.left.left.depth = 100
print(equal(c, tree), tree.left.left.depth)
local grid = {}
for i = 1, 5 do grid[i] = {} for j = 1, 5 do grid[i][j] = i * j end end
local rows = {}
for i = 1, 5 do rows[i] = table.concat(grid[i], " ") end
print(table.concat(rows, " / "))
local a = {}
a.b = {}; a.b.c = {}; a.b.c.d = "deep"
print(a.b.c.d, a["b"]["c"]["d"])
local self = {}
self.me = self
print(self.me.me.me == self)
