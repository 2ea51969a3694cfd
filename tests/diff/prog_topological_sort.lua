-- Topological order (Kahn) with a sorted ready list, and cycle detection.
local function toposort(deps)
  local indeg, users, names = {}, {}, {}
  for n, ds in pairs(deps) do
    names[#names + 1] = n
    indeg[n] = indeg[n] or 0
    for _, d in ipairs(ds) do
      indeg[n] = indeg[n] + 1
      users[d] = users[d] or {}
      table.insert(users[d], n)
      if not deps[d] then error("unknown dependency " .. d) end
    end
  end
  local ready, order = {}, {}
  for _, n in ipairs(names) do if indeg[n] == 0 then ready[#ready + 1] = n end end
  while #ready > 0 do
    table.sort(ready, function(a, b) return a > b end)
    local n = table.remove(ready)
    order[#order + 1] = n
    for _, u in ipairs(users[n] or {}) do
      indeg[u] = indeg[u] - 1
      if indeg[u] == 0 then ready[#ready + 1] = u end
    end
  end
  if #order < #names then return nil, "cycle" end
  return order
end
print(table.concat(assert(toposort { app = { "lib", "util" }, lib = { "util", "core" }, util = { "core" },
  core = {}, tests = { "app" } }), " "))
print(toposort { a = { "b" }, b = { "a" }, c = {} })
print(pcall(toposort, { a = { "zzz" } }))
