-- A round-robin scheduler of many coroutines, producer/consumer, and
-- coroutines that outlive their creators (garbage collected when dropped).
local tasks, log = {}, {}
for id = 1, 5 do
  tasks[#tasks + 1] = coroutine.create(function()
    for step = 1, id do
      log[#log + 1] = id .. ":" .. step
      coroutine.yield()
    end
  end)
end
while #tasks > 0 do
  for i = #tasks, 1, -1 do
    local co = tasks[i]
    coroutine.resume(co)
    if coroutine.status(co) == "dead" then table.remove(tasks, i) end
  end
end
print(#log, log[1], log[#log])
local function producer()
  return coroutine.create(function()
    for _, w in ipairs({ "alpha", "beta", "gamma" }) do coroutine.yield(w) end
  end)
end
local function filter(src)
  return coroutine.create(function()
    while true do
      local ok, w = coroutine.resume(src)
      if not w then return end
      coroutine.yield(w:upper())
    end
  end)
end
local f = filter(producer())
while true do
  local _, w = coroutine.resume(f)
  if not w then break end
  print(w)
end
-- 20000 coroutines suspended at once, then dropped and collected
local live = {}
for i = 1, 20000 do
  local co = coroutine.create(function(x) local y = coroutine.yield(x + 1) return y * 2 end)
  coroutine.resume(co, i)
  live[i] = co
end
local total = 0
for i = 1, 20000, 1000 do
  local _, v = coroutine.resume(live[i], i)
  total = total + v
end
print(total)
live = nil
collectgarbage()
collectgarbage()
print("collected")
-- closures and upvalues shared between a coroutine and its creator
local counter = 0
local bump = coroutine.wrap(function()
  while true do counter = counter + 1; coroutine.yield(counter) end
end)
bump(); bump(); counter = counter + 10
print(bump(), counter)
