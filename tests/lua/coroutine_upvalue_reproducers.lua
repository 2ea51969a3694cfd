-- Issue 13's two reproducers, here so that every preset runs them (the
-- ThreadSanitizer preset runs no differential tests; the wider cases are in
-- tests/diff/coroutine_upvalue_after_*.lua). A coroutine's stack ends with a
-- local still captured: the upvalue must close, or it points into the slot
-- the next coroutine gets, and set(1.5) overwrites a live frame's function.

-- The coroutine dies of an error.
local set
coroutine.resume(coroutine.create(function ()
  local a; set = function (v) a = v end; error("x")
end))
local function h () coroutine.yield(); return 1 end
local co = coroutine.wrap(function () return (function () return h() + 1 end)() + 0 end)
co()
set(1.5)
print(co()) -- expect: 2

-- The coroutine is collected while suspended.
local get
local function start ()
  local c = coroutine.create(function ()
    local a = "kept"; set = function (v) a = v end; get = function () return a end
    coroutine.yield()
  end)
  coroutine.resume(c)
end
start()
collectgarbage(); collectgarbage()
co = coroutine.wrap(function () return (function () return h() + 1 end)() + 0 end)
co()
set(1.5)
print(co(), get()) -- expect: 2	1.5
