-- An LRU cache built from a hash map plus a doubly linked list.
local LRU = {}
LRU.__index = LRU
function LRU.new(cap)
  local head, tail = {}, {}
  head.next, tail.prev = tail, head
  return setmetatable({ cap = cap, map = {}, head = head, tail = tail, size = 0, evicted = {} }, LRU)
end
local function unlink(n) n.prev.next = n.next; n.next.prev = n.prev end
function LRU:_front(n) n.next = self.head.next; n.prev = self.head; self.head.next.prev = n; self.head.next = n end
function LRU:get(k)
  local n = self.map[k]
  if not n then return nil end
  unlink(n); self:_front(n)
  return n.v
end
function LRU:put(k, v)
  local n = self.map[k]
  if n then n.v = v; unlink(n); self:_front(n) return end
  if self.size == self.cap then
    local old = self.tail.prev
    unlink(old)
    self.map[old.k] = nil
    self.size = self.size - 1
    self.evicted[#self.evicted + 1] = old.k
  end
  n = { k = k, v = v }
  self:_front(n)
  self.map[k] = n
  self.size = self.size + 1
end
function LRU:keys() local t, n = {}, self.head.next while n ~= self.tail do t[#t + 1] = n.k; n = n.next end return table.concat(t, ",") end
local c = LRU.new(3)
c:put("a", 1); c:put("b", 2); c:put("c", 3)
print(c:keys(), c:get("a"), c:keys())
c:put("d", 4)
print(c:keys(), c:get("b"), table.concat(c.evicted, ","))
c:put("c", 30); c:put("e", 5)
print(c:keys(), c:get("c"), table.concat(c.evicted, ","))
local big = LRU.new(100)
local hits, misses = 0, 0
math.randomseed(5)
for i = 1, 20000 do
  local k = math.random(1, 150)
  if big:get(k) then hits = hits + 1 else misses = misses + 1; big:put(k, k * k) end
end
print(hits, misses, big.size, #big.evicted)
