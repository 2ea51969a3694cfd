-- coroutine.close and to-be-closed variables.
local function closer(name)
  return setmetatable({}, { __close = function(_, err) print("close", name, err) end })
end
local co = coroutine.create(function()
  local a <close> = closer("a")
  local b <close> = closer("b")
  coroutine.yield("suspended with two")
  print("never")
end)
print(coroutine.resume(co))
print(coroutine.close(co))
print(coroutine.status(co))
print(coroutine.resume(co))
print(coroutine.close(co))
-- closing a coroutine that never started
local fresh = coroutine.create(function() print("never") end)
print(coroutine.close(fresh), coroutine.status(fresh))
-- dead of an error: the variables wait for close, which reports the error
local failed = coroutine.create(function()
  local x <close> = closer("x")
  error("failure")
end)
print(coroutine.resume(failed))
print(coroutine.status(failed))
print(coroutine.close(failed))
print(coroutine.close(failed))
-- an error inside __close replaces the result
local bad = coroutine.create(function()
  local y <close> = setmetatable({}, { __close = function() error("in close") end })
  local z <close> = closer("z")
  coroutine.yield()
end)
coroutine.resume(bad)
print(coroutine.close(bad))
-- to-be-closed variables on a normal exit close in order
local normal = coroutine.create(function()
  local p <close> = closer("p")
  do
    local q <close> = closer("q")
  end
  return "returned"
end)
print(coroutine.resume(normal))
-- close of a running / normal coroutine is an error
local outer
outer = coroutine.create(function()
  local inner = coroutine.create(function() return pcall(coroutine.close, outer) end)
  print(coroutine.resume(inner))
  return pcall(coroutine.close, coroutine.running())
end)
print(coroutine.resume(outer))
-- wrap closes the variables of a coroutine that failed
local w = coroutine.wrap(function()
  local v <close> = closer("v")
  error("wrapped", 0)
end)
print(pcall(w))
-- a coroutine suspended inside pcall still closes
local in_pcall = coroutine.create(function()
  pcall(function()
    local k <close> = closer("k")
    coroutine.yield("in pcall")
  end)
end)
print(coroutine.resume(in_pcall))
print(coroutine.close(in_pcall))
