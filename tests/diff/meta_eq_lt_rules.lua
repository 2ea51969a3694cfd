-- __eq only for tables/userdata of the same kind, not for raw-equal values;
-- __lt/__le with mixed operands; __le does not fall back to not __lt in 5.4.
local calls = 0
local mt = { __eq = function(a, b) calls = calls + 1 return a.v == b.v end }
local x, y = setmetatable({ v = 1 }, mt), setmetatable({ v = 1 }, mt)
print(x == y, x ~= y, x == x, calls)
print(x == 1, 1 == x, calls)
local other = setmetatable({ v = 1 }, { __eq = function() return "truthy" end })
print(other == x, x == other)
local lt_only = { __lt = function(a, b) return a.v < b.v end }
local p, q = setmetatable({ v = 1 }, lt_only), setmetatable({ v = 2 }, lt_only)
print(p < q, q < p, pcall(function() return p <= q end))
local num = setmetatable({ v = 5 }, { __lt = function(a, b)
  local av = type(a) == "table" and a.v or a
  local bv = type(b) == "table" and b.v or b
  return av < bv
end })
print(num < 10, 3 < num, num > 4)
print(pcall(function() return {} < {} end))
print(pcall(function() return x < y end))
