-- Inside a finalizer collectgarbage fails (returns nil) and a finalizer
-- cannot yield, even when the collection ran inside a coroutine; but a
-- coroutine resumed by a finalizer can.
setmetatable({}, {__gc = function()
  print("collect", collectgarbage())
  print("count", collectgarbage("count"))
  print("step", collectgarbage("step"))
  print("isrunning", collectgarbage("isrunning"))
  local co = coroutine.wrap(function() coroutine.yield("yielded inside") return "x" end)
  print(co())
end})
collectgarbage()
local co = coroutine.create(function()
  setmetatable({}, {__gc = function()
    print("yieldable", coroutine.isyieldable())
    print(pcall(coroutine.yield, 1))
  end})
  collectgarbage()
  return "coroutine done"
end)
print(coroutine.resume(co))
print(collectgarbage("isrunning"))
