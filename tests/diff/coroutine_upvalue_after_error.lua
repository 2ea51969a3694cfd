-- A coroutine that dies of an error with locals still captured by closures:
-- the closures keep working on those variables after the coroutine's stack
-- is gone (the stack's slot goes to the next coroutine, whose frames the
-- closures must not touch). The first case is issue 13's reproducer.
local set
coroutine.resume(coroutine.create(function ()
  local a; set = function (v) a = v end; error("x")   -- dies with 'a' still open
end))
local function h () coroutine.yield(); return 1 end
local co = coroutine.wrap(function () return (function () return h() + 1 end)() + 0 end)
co()            -- suspended two Lua frames deep, on the dead coroutine's recycled stack
set(1.5)        -- must write the closed variable, not the live frame's function slot
print(co())

-- Several variables at several depths, shared by two closures each; the
-- error comes from a nested call, so its frames die with it.
local getters, setters = {}, {}
local function capture(name, value)
  getters[name] = function () return value end
  setters[name] = function (v) value = v end
end
local victim = coroutine.create(function (x)
  local outer = x .. "-outer"
  capture("outer", outer)
  getters.shared = function () return outer end
  local function deeper (y)
    local inner = y * 2
    getters.inner = function () return inner end
    setters.inner = function (v) inner = v end
    local count = 0
    getters.count = function () return count end
    setters.count = function (v) count = v end
    coroutine.yield("suspended")
    count = count + 1
    error({ code = inner })
  end
  deeper(21)
end)
print(coroutine.resume(victim, "v"))
print(getters.inner(), getters.count())
setters.count(10)                       -- written while open...
local ok, err = coroutine.resume(victim)
print(ok, type(err), err.code, coroutine.status(victim))
print(getters.inner(), getters.count()) -- ...and seen after the error: 42, 11
-- New coroutines take the dead one's stack and fill it with other values.
local others = {}
for i = 1, 20 do
  others[i] = coroutine.create(function (n)
    local a, b, c = n, n * 2, tostring(n)
    coroutine.yield(a + b)
    return c
  end)
  coroutine.resume(others[i], i)
end
setters.inner(-1)
setters.count("written after death")
print(getters.inner(), getters.count(), getters.outer(), getters.shared())
for i = 1, 20 do
  local ok2, v = coroutine.resume(others[i])
  assert(ok2 and v == tostring(i), v)
end
print("others unharmed")

-- The same through coroutine.wrap, whose caller sees the error.
local wset, wget
local w = coroutine.wrap(function ()
  local local_w = "w"
  wset = function (v) local_w = v end
  wget = function () return local_w end
  coroutine.yield()
  error("wrapped failure", 0)
end)
w()
print(pcall(w))
wset("after")
print(wget(), coroutine.wrap(function (...) return select("#", ...) end)(1, 2, 3))

-- coroutine.close on a coroutine dead of an error, and on a suspended one.
local cset, cget
local dead = coroutine.create(function ()
  local v = 1
  cset = function (x) v = x end
  cget = function () return v end
  local t <close> = setmetatable({}, { __close = function () v = v + 100 end })
  error("with a variable to close")
end)
print(coroutine.resume(dead))
print(cget())
print(coroutine.close(dead))
print(cget())
cset(7)
print(cget(), coroutine.wrap(function () local a, b = 1, 2; return a + b end)())
local sset, sget
local suspended = coroutine.create(function ()
  local s = "open"
  sset = function (x) s = x end
  sget = function () return s end
  coroutine.yield()
end)
coroutine.resume(suspended)
sset("still open")
print(coroutine.close(suspended), sget())
sset("closed")
print(sget(), coroutine.wrap(function () local a, b = 3, 4; return a * b end)())
