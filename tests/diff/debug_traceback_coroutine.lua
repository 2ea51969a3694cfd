-- Tracebacks of coroutines: suspended, running inside, dead, not started.
local function show(s) print((s:gsub("\t", "  "))) end
local co = coroutine.create(function(a)
  local function waiter() coroutine.yield(a) end
  waiter()
  show(debug.traceback("inside"))
  error("died")
end)
show(debug.traceback(co, "not started"))
coroutine.resume(co, 1)
show(debug.traceback(co))
show(debug.traceback(co, "msg"))
show(debug.traceback(co, "level 1", 1))
show(debug.traceback(co, 5))
print(coroutine.resume(co))
-- (A coroutine that died of an error keeps its frames in stock Lua, not in
-- gilvm: see docs/lua-differences.md.)
local done = coroutine.create(function() return 1 end)
coroutine.resume(done)
show(debug.traceback(done, "dead"))

local wrapped = coroutine.wrap(function()
  show(select(2, xpcall(function() error("in wrap") end, debug.traceback)))
end)
wrapped()
