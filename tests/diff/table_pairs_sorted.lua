-- pairs over mixed tables, collected and sorted for deterministic output.
local t = { "one", "two", "three", x = 1, y = 2, [10] = "ten", [2.5] = "frac", [true] = "yes" }
local keys = {}
for k in pairs(t) do keys[#keys + 1] = k end
table.sort(keys, function(a, b)
  local ta, tb = type(a), type(b)
  if ta ~= tb then return ta < tb end
  if ta == "boolean" then return tostring(a) < tostring(b) end
  return a < b
end)
for _, k in ipairs(keys) do print(k, t[k]) end
local n = 0
for _ in pairs(setmetatable({}, { __index = { a = 1 } })) do n = n + 1 end
print(n)
local function sorted_pairs(tbl)
  local ks = {}
  for k in pairs(tbl) do ks[#ks + 1] = k end
  table.sort(ks)
  local i = 0
  return function() i = i + 1; if ks[i] ~= nil then return ks[i], tbl[ks[i]] end end
end
for k, v in sorted_pairs({ zeta = 26, alpha = 1, mid = 13 }) do print(k, v) end
print(pcall(pairs))
print(pcall(function() for k in pairs(nil) do end end))
