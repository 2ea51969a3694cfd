-- A task that awaits itself, or tasks of one loop that await each other in a
-- circle, would wait for ever: the await that would close the circle raises
-- instead (asyncio: "Task cannot await on itself"), and the tasks go on.
loop.run(function()
  local me
  me = loop.spawn(function()
    loop.sleep(0)
    return pcall(await, me)
  end)
  local ok, err = await(me)
  print(ok, err) -- expect: false	await: a task cannot await itself (task 2 (loop_await_cycle.lua:6))

  -- the same through gather and wait_for
  local g
  g = loop.spawn(function() loop.sleep(0) return pcall(loop.gather, g) end)
  print(select(2, await(g)):match("a task cannot await itself") ~= nil) -- expect: true
  local w
  w = loop.spawn(function() loop.sleep(0) return pcall(loop.wait_for, w, 10) end)
  print(select(2, await(w)):match("a task cannot await itself") ~= nil) -- expect: true

  -- a circle of two: a awaits b, then b's await of a would close it
  local a, b
  a = loop.spawn(function() loop.sleep(0) return "a got " .. await(b) end)
  b = loop.spawn(function()
    loop.sleep(0.01) -- a is waiting for b by now
    local ok2, e = pcall(await, a)
    print(ok2, e) -- expect: false	await: cycle of tasks that would wait for ever (task 6 awaits task 5, which awaits task 6)
    return "b"
  end)
  print(await(a)) -- expect: a got b

  -- a circle of three, closed by the main task's await
  local x, y
  x = loop.spawn(function() return await(y) end)
  y = loop.spawn(function() loop.sleep(0) return pcall(await, loop.spawn(function() return await(x) end)) end)
  local ok3, e3 = await(y)
  print(ok3) -- expect: false
  print(e3:match("^[^\n]*")) -- expect: loop_await_cycle.lua:35: await: cycle of tasks that would wait for ever (task 9 awaits task 7, which awaits task 8, which awaits task 9)

  -- a chain that is not a circle waits as usual
  local last = loop.spawn(function() loop.sleep(0.01) return "end of chain" end)
  local mid = loop.spawn(function() return await(last) end)
  print(await(loop.spawn(function() return await(mid) end))) -- expect: end of chain
end)
