-- loop.run, loop.spawn, await, loop.sleep, loop.now: tasks interleave at
-- their awaits, results come back through await, order follows the clock.
local log = {}
local function worker(name, delays)
  for _, d in ipairs(delays) do
    loop.sleep(d)
    log[#log + 1] = name
  end
  return name, #delays
end
print(loop.run(function(x)
  local a = loop.spawn(worker, "a", { 0.02, 0.02 })
  local b = loop.spawn(worker, "b", { 0.01, 0.02 })
  print(await(b)) -- expect: b	2
  print(await(a)) -- expect: a	2
  print(await(a)) -- expect: a	2
  print(table.concat(log, " ")) -- expect: b a b a
  return x * 2, "main"
end, 21)) -- expect: 42	main

-- A task's return values, none and several; a task awaited after it ended.
loop.run(function()
  local none = loop.spawn(function() end)
  local many = loop.spawn(function() return 1, nil, 3 end)
  loop.sleep(0.01)
  print(none:done(), many:done()) -- expect: true	true
  print(select("#", await(none))) -- expect: 0
  print(select("#", await(many)), await(many)) -- expect: 3	1	nil	3
end)

-- sleep(0) lets every other ready task run once.
loop.run(function()
  local order = {}
  local t = loop.spawn(function() for i = 1, 3 do order[#order + 1] = "t" .. i; loop.sleep(0) end end)
  for i = 1, 3 do order[#order + 1] = "m" .. i; loop.sleep(0) end
  await(t)
  print(table.concat(order, " ")) -- expect: m1 t1 m2 t2 m3 t3
end)

-- loop.now advances with the monotonic clock; sleeps take at least their time.
loop.run(function()
  local t0 = loop.now()
  loop.sleep(0.05)
  local dt = loop.now() - t0
  print(dt >= 0.05, dt < 1) -- expect: true	true
end)

-- await from inside a plain coroutine inside a task suspends the task;
-- coroutine.yield there still yields the coroutine.
loop.run(function()
  local gen = coroutine.wrap(function()
    for i = 1, 3 do
      loop.sleep(0.001)
      coroutine.yield(i)
    end
  end)
  local other = loop.spawn(function() return "other ran" end)
  print(gen(), gen(), gen()) -- expect: 1	2	3
  print(await(other)) -- expect: other ran
  print(coroutine.isyieldable()) -- expect: false
end)

-- Each OS thread may run a loop of its own.
local h = thread.spawn(function()
  return loop.run(function()
    loop.sleep(0.01)
    return "loop on a thread"
  end)
end)
loop.run(function() loop.sleep(0.01) end)
print(h:join()) -- expect: loop on a thread

-- 1000 tasks at once.
print(loop.run(function()
  local tasks = {}
  for i = 1, 1000 do tasks[i] = loop.spawn(function(k) loop.sleep(0.001 * (k % 5)) return k end, i) end
  local sum = 0
  for i = 1, 1000 do sum = sum + await(tasks[i]) end
  return sum
end)) -- expect: 500500
