-- Graph traversal: BFS shortest paths, DFS order, topological sort, connected components.
local edges = { { 1, 2 }, { 1, 3 }, { 2, 4 }, { 3, 4 }, { 4, 5 }, { 6, 7 }, { 7, 8 }, { 5, 9 }, { 9, 10 }, { 2, 10 } }
local adj = {}
for i = 1, 11 do adj[i] = {} end
for _, e in ipairs(edges) do table.insert(adj[e[1]], e[2]); table.insert(adj[e[2]], e[1]) end
for i = 1, 11 do table.sort(adj[i]) end
local function bfs(s)
  local dist, queue, head = { [s] = 0 }, { s }, 1
  while head <= #queue do
    local u = queue[head]; head = head + 1
    for _, v in ipairs(adj[u]) do if dist[v] == nil then dist[v] = dist[u] + 1; queue[#queue + 1] = v end end
  end
  return dist, queue
end
local dist, order = bfs(1)
print("bfs order", table.concat(order, " "))
local ds = {}
for i = 1, 11 do ds[i] = dist[i] and tostring(dist[i]) or "-" end
print("dist", table.concat(ds, " "))
local seen, dfs_order = {}, {}
local function dfs(u) seen[u] = true; dfs_order[#dfs_order + 1] = u; for _, v in ipairs(adj[u]) do if not seen[v] then dfs(v) end end end
dfs(1)
print("dfs order", table.concat(dfs_order, " "))
local comp, ncomp = {}, 0
for i = 1, 11 do
  if not comp[i] then
    ncomp = ncomp + 1
    local stack = { i }
    while #stack > 0 do
      local u = table.remove(stack)
      if not comp[u] then comp[u] = ncomp; for _, v in ipairs(adj[u]) do stack[#stack + 1] = v end end
    end
  end
end
print("components", ncomp, table.concat(comp, " "))
local deps = { shirt = { "tie", "belt" }, tie = { "jacket" }, pants = { "shoes", "belt" }, belt = { "jacket" },
  socks = { "shoes" }, undershorts = { "pants", "shoes" }, watch = {}, shoes = {}, jacket = {} }
local names = {}
for k in pairs(deps) do names[#names + 1] = k end
table.sort(names)
local state, result = {}, {}
local function visit(n)
  if state[n] == "done" then return end
  if state[n] == "active" then error("cycle at " .. n) end
  state[n] = "active"
  for _, m in ipairs(deps[n]) do visit(m) end
  state[n] = "done"
  table.insert(result, 1, n)
end
for _, n in ipairs(names) do visit(n) end
print("topo", table.concat(result, " "))
deps.jacket = { "shirt" }
state, result = {}, {}
print(pcall(function() for _, n in ipairs(names) do visit(n) end end))
