-- A coroutine's stacks are as deep as a thread's: many values passed in and
-- out, deep recursion, and the "stack overflow" error when recursion has no
-- end (its message as Lua words it).
local N = 100000

-- 1e5 values returned, yielded and passed to resume.
local many = coroutine.wrap(function (...)
  local got = select("#", ...)
  local t = {}
  for i = 1, N do t[i] = i end
  local back = select("#", coroutine.yield(table.unpack(t)))
  return got, back, table.unpack(t)
end)
local function count_and_sum (...)
  local s = 0
  for i = 1, select("#", ...) do s = s + select(i, ...) end
  return select("#", ...), s
end
local args = {}
for i = 1, N do args[i] = -i end
print(count_and_sum(many(table.unpack(args))))
local r = table.pack(many(table.unpack(args, 1, N // 2)))
print(r.n, r[1], r[2], r[3], r[r.n])

-- Recursion 10,000 and 100,000 deep.
local function depth (n) if n == 0 then return 0 end return 1 + depth(n - 1) end
print(coroutine.wrap(function () return depth(10000) end)())
print(coroutine.wrap(function () return depth(100000) end)())
local deep_yield = coroutine.wrap(function ()
  local function down (n)
    if n == 0 then return coroutine.yield("bottom") end
    return down(n - 1)
  end
  local function down_not_tail (n)
    if n == 0 then coroutine.yield("bottom, not a tail call") return 0 end
    return 1 + down_not_tail(n - 1)
  end
  down(50000)
  return down_not_tail(50000)
end)
print(deep_yield())
print(deep_yield())
print(deep_yield())
-- Each coroutine has stacks of its own: deep inside one, another goes deep.
print(coroutine.wrap(function ()
  local function nest (n)
    if n == 0 then return coroutine.wrap(function () return depth(20000) end)() end
    return 1 + nest(n - 1)
  end
  return nest(20000)
end)())

-- Recursion without end: Lua's "stack overflow", caught inside the
-- coroutine or by its resumer.
local function forever () return 1 + forever() end
local ok, err = coroutine.resume(coroutine.create(forever))
print(ok, err)
print(coroutine.wrap(function () return pcall(forever) end)())
local co = coroutine.create(function () local a = { forever() } return a end)
print(coroutine.resume(co))
print(coroutine.status(co))
-- and the coroutine library still works after it
print(coroutine.wrap(function (...) return select("#", ...) end)(table.unpack(args)))
