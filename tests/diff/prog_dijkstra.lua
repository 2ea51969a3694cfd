-- Shortest paths with a binary heap; deterministic tie breaking by name.
local edges = { { "a", "b", 7 }, { "a", "c", 9 }, { "a", "f", 14 }, { "b", "c", 10 }, { "b", "d", 15 },
  { "c", "d", 11 }, { "c", "f", 2 }, { "d", "e", 6 }, { "e", "f", 9 } }
local graph = {}
for _, e in ipairs(edges) do
  graph[e[1]] = graph[e[1]] or {}; graph[e[2]] = graph[e[2]] or {}
  table.insert(graph[e[1]], { e[2], e[3] }); table.insert(graph[e[2]], { e[1], e[3] })
end
local heap = {}
local function less(x, y) return x[1] < y[1] or (x[1] == y[1] and x[2] < y[2]) end
local function push(x)
  heap[#heap + 1] = x
  local i = #heap
  while i > 1 and less(heap[i], heap[i // 2]) do heap[i], heap[i // 2] = heap[i // 2], heap[i]; i = i // 2 end
end
local function pop()
  local top = heap[1]
  heap[1] = heap[#heap]; heap[#heap] = nil
  local i = 1
  while true do
    local l, r, m = 2 * i, 2 * i + 1, i
    if heap[l] and less(heap[l], heap[m]) then m = l end
    if heap[r] and less(heap[r], heap[m]) then m = r end
    if m == i then break end
    heap[i], heap[m] = heap[m], heap[i]; i = m
  end
  return top
end
local dist, prev = { a = 0 }, {}
push({ 0, "a" })
while #heap > 0 do
  local d, u = table.unpack(pop())
  if d == dist[u] then
    for _, e in ipairs(graph[u]) do
      local v, w = e[1], e[2]
      if not dist[v] or d + w < dist[v] then dist[v] = d + w; prev[v] = u; push({ d + w, v }) end
    end
  end
end
for _, v in ipairs({ "a", "b", "c", "d", "e", "f" }) do
  local path, x = {}, v
  while x do table.insert(path, 1, x); x = prev[x] end
  print(v, dist[v], table.concat(path, "->"))
end
