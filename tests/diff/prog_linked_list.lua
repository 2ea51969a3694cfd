-- A doubly linked list with iteration, insertion, removal, reversal and __len/__tostring.
local List = {}
List.__index = List
function List.new(...)
  local l = setmetatable({ n = 0 }, List)
  l.head = { }; l.tail = { }
  l.head.next = l.tail; l.tail.prev = l.head
  for _, v in ipairs({ ... }) do l:push(v) end
  return l
end
function List:insert_after(node, v)
  local nn = { value = v, prev = node, next = node.next }
  node.next.prev = nn; node.next = nn
  self.n = self.n + 1
  return nn
end
function List:push(v) return self:insert_after(self.tail.prev, v) end
function List:unshift(v) return self:insert_after(self.head, v) end
function List:remove(node) node.prev.next = node.next; node.next.prev = node.prev; self.n = self.n - 1; return node.value end
function List:pop() if self.n == 0 then return nil end return self:remove(self.tail.prev) end
function List:shift() if self.n == 0 then return nil end return self:remove(self.head.next) end
function List:iter()
  local node = self.head
  return function() node = node.next; if node ~= self.tail then return node.value, node end end
end
function List:reverse()
  local node = self.head
  while node do node.next, node.prev = node.prev, node.next; node = node.prev end
  self.head, self.tail = self.tail, self.head
  return self
end
function List:map(f) local r = List.new() for v in self:iter() do r:push(f(v)) end return r end
function List:filter(p) local r = List.new() for v in self:iter() do if p(v) then r:push(v) end end return r end
List.__len = function(self) return self.n end
List.__tostring = function(self) local t = {} for v in self:iter() do t[#t + 1] = tostring(v) end return "[" .. table.concat(t, ", ") .. "]" end
List.__concat = function(a, b) local r = List.new() for v in a:iter() do r:push(v) end for v in b:iter() do r:push(v) end return r end
local l = List.new(1, 2, 3, 4, 5)
print(tostring(l), #l)
l:unshift(0); l:push(6)
print(tostring(l), #l)
print(l:pop(), l:shift(), tostring(l))
print(tostring(l:reverse()))
print(tostring(l:map(function(x) return x * x end)), tostring(l:filter(function(x) return x % 2 == 1 end)))
for v, node in l:iter() do if v == 3 then l:remove(node) end end
print(tostring(l), #l)
print(tostring(l .. List.new("a", "b")))
local empty = List.new()
print(tostring(empty), #empty, empty:pop(), empty:shift())
local big = List.new()
for i = 1, 10000 do big:push(i) end
local s = 0
for v in big:iter() do s = s + v end
print(#big, s)
