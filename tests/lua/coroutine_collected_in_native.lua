-- Coroutines dropped while suspended are collected, also when they were
-- suspended inside a native that called back into Lua (their C++ frames are
-- unwound; under AddressSanitizer a leak would fail this test).
local function suspend_in_gsub(i)
  local co = coroutine.wrap(function()
    return (string.gsub(string.rep("x", 1000), "x", function() coroutine.yield(i) end))
  end)
  co()
  return co
end
local function suspend_in_sort(i)
  local co = coroutine.create(function()
    local list = {}
    for k = 1, 50 do list[k] = (k * 7919) % 50 end
    table.sort(list, function(a, b) coroutine.yield() return a < b end)
  end)
  coroutine.resume(co)
  return co
end
for round = 1, 20 do
  local keep = {}
  for i = 1, 500 do
    keep[#keep + 1] = suspend_in_gsub(i)
    keep[#keep + 1] = suspend_in_sort(i)
  end
  keep = nil
  collectgarbage()
end
local before = collectgarbage("count")
for i = 1, 2000 do suspend_in_gsub(i) end
collectgarbage()
collectgarbage()
print(collectgarbage("count") < before + 1024) -- expect: true
