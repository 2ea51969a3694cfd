-- Suspended coroutines that nobody can resume any more are collected, and
-- the locals they had captured live on in their closures: the collector
-- closes the upvalues before the stack's slot goes to the next coroutine.
local set, get
local function start ()
  local co = coroutine.create(function ()
    local a = "kept"; set = function (v) a = v end; get = function () return a end
    coroutine.yield()
  end)
  coroutine.resume(co)
end
start()
collectgarbage(); collectgarbage()   -- the suspended coroutine is collected
local function h () coroutine.yield(); return 1 end
local co = coroutine.wrap(function () return (function () return h() + 1 end)() + 0 end)
co()            -- suspended two Lua frames deep, perhaps on the collected one's stack
print(get())
set(1.5)        -- must write the closed variable, not the live frame's function slot
print(co(), get())

-- Many at once, with values only the upvalues keep alive, and upvalues that
-- die in the same collection as their coroutine.
local keep = {}
local function spawn (i)
  local c = coroutine.create(function ()
    local t = { i }
    local s = string.rep("s", 50) .. i
    keep[i] = function (v) if v then t = v end return t[1], s end
    local unused = function () return s, t end
    coroutine.yield(unused)
  end)
  coroutine.resume(c)
end
for i = 1, 300 do spawn(i) end
collectgarbage(); collectgarbage()
local churn = {}
for i = 1, 300 do
  churn[i] = coroutine.wrap(function (n) local x, y = { n }, n .. "" coroutine.yield() return x[1], y end)
  churn[i](i)
end
collectgarbage()
local sum = 0
for i = 1, 300 do
  local first, s = keep[i]()
  assert(first == i and s == string.rep("s", 50) .. i, i)
  sum = sum + first
end
print(sum)
for i = 1, 300 do keep[i]({ -i }) end
collectgarbage()
sum = 0
for i = 1, 300 do
  sum = sum + keep[i]()
  local a, b = churn[i]()
  assert(a == i and b == tostring(i))
end
print(sum)
