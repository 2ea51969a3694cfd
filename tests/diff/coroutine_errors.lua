-- Errors inside coroutines and the messages of the library's own errors.
local co = coroutine.create(function() local x = nil; return x.field end)
print(coroutine.resume(co))
print(coroutine.status(co))
print(coroutine.resume(co))
local co2 = coroutine.create(function() error("plain", 0) end)
print(coroutine.resume(co2))
local co3 = coroutine.create(function() error({ 1, 2, 3 }) end)
local ok, e = coroutine.resume(co3)
print(ok, type(e), #e)
local co4 = coroutine.create(function() error() end)
print(coroutine.resume(co4))
print(pcall(coroutine.resume, 1))
print(pcall(coroutine.resume))
print(pcall(coroutine.status, {}))
print(pcall(coroutine.create, "f"))
print(pcall(coroutine.yield, 1))
print(pcall(coroutine.close, coroutine.running()))
print(coroutine.resume(coroutine.running()))
print(pcall(coroutine.isyieldable, 3))
-- resuming yourself, and resuming a normal coroutine
local self_co
self_co = coroutine.create(function() return coroutine.resume(self_co) end)
print(coroutine.resume(self_co))
local a, b
a = coroutine.create(function() return coroutine.resume(b) end)
b = coroutine.create(function() return coroutine.resume(a) end)
print(coroutine.resume(a))
-- an error after a yield
local late = coroutine.create(function()
  coroutine.yield("first")
  error("second time")
end)
print(coroutine.resume(late))
print(coroutine.resume(late))
print(coroutine.status(late))
-- the error crosses pcall inside the coroutine, then the coroutine goes on
local caught = coroutine.create(function()
  local ok, err = pcall(function()
    coroutine.yield("inside pcall")
    error("boom")
  end)
  coroutine.yield(ok, err)
  return "after"
end)
print(coroutine.resume(caught))
print(coroutine.resume(caught))
print(coroutine.resume(caught))
-- runaway nesting of resumes
local depth = 0
local function nest()
  depth = depth + 1
  local ok, err = coroutine.resume(coroutine.create(nest))
  if not ok then error(err, 0) end
end
print(pcall(nest))
print(depth > 150)
