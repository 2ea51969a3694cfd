-- Matrix operations with metamethods: multiply, transpose, determinant, inverse, power.
local M = {}
M.__index = M
local function new(rows) return setmetatable(rows, M) end
function M.identity(n) local r = {} for i = 1, n do r[i] = {} for j = 1, n do r[i][j] = i == j and 1 or 0 end end return new(r) end
M.__mul = function(a, b)
  if type(a) == "number" then a, b = b, a end
  local r = {}
  if type(b) == "number" then for i = 1, #a do r[i] = {} for j = 1, #a[1] do r[i][j] = a[i][j] * b end end return new(r) end
  for i = 1, #a do
    r[i] = {}
    for j = 1, #b[1] do local s = 0 for k = 1, #b do s = s + a[i][k] * b[k][j] end r[i][j] = s end
  end
  return new(r)
end
M.__add = function(a, b) local r = {} for i = 1, #a do r[i] = {} for j = 1, #a[1] do r[i][j] = a[i][j] + b[i][j] end end return new(r) end
M.__eq = function(a, b)
  if #a ~= #b then return false end
  for i = 1, #a do for j = 1, #a[1] do if math.abs(a[i][j] - b[i][j]) > 1e-9 then return false end end end
  return true
end
M.__pow = function(a, n) local r = M.identity(#a) for _ = 1, n do r = r * a end return r end
M.__tostring = function(a)
  local rows = {}
  for i = 1, #a do
    local cells = {}
    for j = 1, #a[1] do cells[j] = string.format("%8.3f", a[i][j]) end
    rows[i] = table.concat(cells, " ")
  end
  return table.concat(rows, "\n")
end
function M:transpose() local r = {} for j = 1, #self[1] do r[j] = {} for i = 1, #self do r[j][i] = self[i][j] end end return new(r) end
function M:det()
  local n = #self
  if n == 1 then return self[1][1] end
  if n == 2 then return self[1][1] * self[2][2] - self[1][2] * self[2][1] end
  local d = 0
  for c = 1, n do
    local minor = {}
    for i = 2, n do local row = {} for j = 1, n do if j ~= c then row[#row + 1] = self[i][j] end end minor[#minor + 1] = row end
    d = d + (-1) ^ (c + 1) * self[1][c] * new(minor):det()
  end
  return d
end
function M:inverse()
  local n = #self
  local a = {}
  for i = 1, n do a[i] = {} for j = 1, n do a[i][j] = self[i][j] end for j = 1, n do a[i][n + j] = i == j and 1 or 0 end end
  for c = 1, n do
    local p = c
    for r = c + 1, n do if math.abs(a[r][c]) > math.abs(a[p][c]) then p = r end end
    if math.abs(a[p][c]) < 1e-12 then return nil, "singular" end
    a[c], a[p] = a[p], a[c]
    local pv = a[c][c]
    for j = 1, 2 * n do a[c][j] = a[c][j] / pv end
    for r = 1, n do
      if r ~= c then local f = a[r][c] for j = 1, 2 * n do a[r][j] = a[r][j] - f * a[c][j] end end
    end
  end
  local r = {}
  for i = 1, n do r[i] = {} for j = 1, n do r[i][j] = a[i][n + j] end end
  return new(r)
end
local A = new({ { 2, 1, 1 }, { 1, 3, 2 }, { 1, 0, 0 } })
local B = new({ { 1, 2 }, { 3, 4 }, { 5, 6 } })
print(tostring(A * B))
print(tostring(B:transpose()))
print(A:det(), new({ { 1, 2 }, { 2, 4 } }):det())
local Ai = A:inverse()
print(tostring(Ai))
print(A * Ai == M.identity(3), Ai * A == M.identity(3))
print(new({ { 1, 2 }, { 2, 4 } }):inverse())
local F = new({ { 1, 1 }, { 1, 0 } })
print((F ^ 30)[1][2], tostring(2 * A + A))
