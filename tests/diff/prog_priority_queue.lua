-- A binary-heap priority queue used for heap sort and Dijkstra's shortest paths.
local Heap = {}
Heap.__index = Heap
function Heap.new(less) return setmetatable({ items = {}, size = 0, less = less or function(a, b) return a < b end }, Heap) end
function Heap:push(v)
  self.size = self.size + 1
  local i, items = self.size, self.items
  items[i] = v
  while i > 1 do
    local p = i // 2
    if self.less(items[i], items[p]) then items[i], items[p] = items[p], items[i]; i = p else break end
  end
end
function Heap:pop()
  if self.size == 0 then return nil end
  local items = self.items
  local top = items[1]
  items[1] = items[self.size]
  items[self.size] = nil
  self.size = self.size - 1
  local i = 1
  while true do
    local l, r, m = 2 * i, 2 * i + 1, i
    if l <= self.size and self.less(items[l], items[m]) then m = l end
    if r <= self.size and self.less(items[r], items[m]) then m = r end
    if m == i then break end
    items[i], items[m] = items[m], items[i]
    i = m
  end
  return top
end
math.randomseed(99)
local h = Heap.new()
local input = {}
for i = 1, 20 do input[i] = math.random(1, 100); h:push(input[i]) end
local out = {}
while h.size > 0 do out[#out + 1] = h:pop() end
print(table.concat(input, " "))
print(table.concat(out, " "))
local graph = {
  A = { B = 7, C = 9, F = 14 }, B = { A = 7, C = 10, D = 15 }, C = { A = 9, B = 10, D = 11, F = 2 },
  D = { B = 15, C = 11, E = 6 }, E = { D = 6, F = 9 }, F = { A = 14, C = 2, E = 9 },
}
local function dijkstra(src)
  local dist, prev = { [src] = 0 }, {}
  local pq = Heap.new(function(a, b) if a[1] ~= b[1] then return a[1] < b[1] end return a[2] < b[2] end)
  pq:push({ 0, src })
  while pq.size > 0 do
    local d, u = table.unpack(pq:pop())
    if d == dist[u] then
      local nbrs = {}
      for v in pairs(graph[u]) do nbrs[#nbrs + 1] = v end
      table.sort(nbrs)
      for _, v in ipairs(nbrs) do
        local nd = d + graph[u][v]
        if dist[v] == nil or nd < dist[v] then dist[v] = nd; prev[v] = u; pq:push({ nd, v }) end
      end
    end
  end
  return dist, prev
end
local dist, prev = dijkstra("A")
for _, v in ipairs({ "A", "B", "C", "D", "E", "F" }) do
  local path, n = {}, v
  while n do table.insert(path, 1, n); n = prev[n] end
  print(v, dist[v], table.concat(path, "->"))
end
local tasks = Heap.new(function(a, b) return a.pri > b.pri or (a.pri == b.pri and a.id < b.id) end)
for i, p in ipairs({ 3, 1, 4, 1, 5, 9, 2, 6 }) do tasks:push({ id = i, pri = p }) end
local order = {}
while tasks.size > 0 do local t = tasks:pop(); order[#order + 1] = t.id .. ":" .. t.pri end
print(table.concat(order, " "))
