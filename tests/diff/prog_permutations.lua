-- Permutations by a coroutine generator (Heap's algorithm), in order.
local function permgen(a, n)
  n = n or #a
  if n <= 1 then coroutine.yield(a) return end
  for i = 1, n do
    permgen(a, n - 1)
    local j = n % 2 == 0 and i or 1
    a[j], a[n] = a[n], a[j]
  end
end
local function permutations(a)
  return coroutine.wrap(function() permgen(a) end)
end
local count, seen = 0, {}
for p in permutations({ "a", "b", "c", "d" }) do
  count = count + 1
  seen[#seen + 1] = table.concat(p)
end
table.sort(seen)
print(count, seen[1], seen[#seen], table.concat(seen, " ", 1, 6))
