-- Proper tail calls run in constant stack space: 1,000,000 deep.
local function loop(n, acc)
  if n == 0 then return acc end
  return loop(n - 1, acc + 1)
end
print(loop(1000000, 0))
local function count_down(n) if n > 0 then return count_down(n - 1) end return "done" end
print(count_down(1000000))
local t = {}
function t.method(self, n) if n == 0 then return "method done" end return self:method(n - 1) end
print(t:method(1000000))
local function va(n, ...) if n == 0 then return select("#", ...), ... end return va(n - 1, ...) end
print(va(1000000, "a", "b"))
print(pcall(loop, 1000000, 0))
