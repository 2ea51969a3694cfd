-- A coroutine yielding from inside a for-in loop, pcall and a metamethod.
local co = coroutine.wrap(function()
  for i, v in ipairs({ "a", "b" }) do coroutine.yield(i, v) end
  local ok, err = pcall(function()
    coroutine.yield("inside pcall")
    error("after yield")
  end)
  coroutine.yield(ok, err)
  local t = setmetatable({}, { __index = function(_, k) return coroutine.yield("in __index " .. k) end })
  coroutine.yield("index gave", t.key)
  return "finished"
end)
print(co())
print(co())
print(co())
print(co())
print(co())
print(co("resumed value"))
print(co())
