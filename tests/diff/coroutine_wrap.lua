-- coroutine.wrap: generators, errors (with the caller's position), dead ones.
local function range(n)
  return coroutine.wrap(function()
    for i = 1, n do coroutine.yield(i) end
  end)
end
local sum = 0
for i in range(10) do sum = sum + i end
print(sum)
local gen = coroutine.wrap(function(a)
  local b = coroutine.yield(a * 2)
  local c = coroutine.yield(b + 1)
  return "end", c
end)
print(gen(5))
print(gen(7))
print(gen("z"))
print(pcall(gen))
local function thrower()
  error("wrapped failure")
end
local w = coroutine.wrap(thrower)
print(pcall(w))
local ok, msg = pcall(function()
  local w2 = coroutine.wrap(function() error("deep") end)
  w2()  -- the position of this call is prepended
end)
print(ok, msg)
local w3 = coroutine.wrap(function() error({ code = 42 }) end)
local ok3, e3 = pcall(w3)
print(ok3, type(e3), e3.code)
local w4 = coroutine.wrap(function() error(setmetatable({}, { __tostring = function() return "custom" end })) end)
local ok4, e4 = pcall(w4)
print(ok4, tostring(e4))
print(pcall(coroutine.wrap, 42))
print(pcall(coroutine.wrap))
-- permutations, the classic generator
local function permgen(a, n)
  n = n or #a
  if n <= 1 then
    coroutine.yield(a)
  else
    for i = 1, n do
      a[n], a[i] = a[i], a[n]
      permgen(a, n - 1)
      a[n], a[i] = a[i], a[n]
    end
  end
end
local count, seen = 0, {}
for p in coroutine.wrap(function() permgen({ 1, 2, 3, 4 }) end) do
  count = count + 1
  seen[table.concat(p)] = true
end
local keys = {}
for k in pairs(seen) do keys[#keys + 1] = k end
table.sort(keys)
print(count, #keys, keys[1], keys[#keys])
