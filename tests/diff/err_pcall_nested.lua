-- Nested pcalls: inner errors are contained; rethrowing crosses levels.
local function level3() error("deep error", 0) end
local function level2() local ok, e = pcall(level3); return "level2 caught: " .. e end
print(pcall(level2))
local function rethrow() local ok, e = pcall(level3); error("rethrown: " .. e, 0) end
print(pcall(rethrow))
local depth = 0
local function nest(n)
  if n == 0 then error("bottom", 0) end
  local ok, e = pcall(nest, n - 1)
  depth = depth + 1
  error(e .. "<" .. n, 0)
end
print(pcall(nest, 5))
print(depth)
local ok, e = pcall(function()
  local ok2, e2 = pcall(function() error({ level = "inner" }) end)
  e2.level = e2.level .. "+outer"
  error(e2)
end)
print(ok, e.level)
local results = {}
for i = 1, 5 do
  results[i] = select(2, pcall(function() if i % 2 == 0 then error("even " .. i, 0) end return "odd " .. i end))
end
print(table.concat(results, ", "))
