-- task:cancel() raises "cancelled" inside the task at its await point;
-- loop.wait_for cancels on timeout and raises "timeout".
loop.run(function()
  local reached = false
  local t = loop.spawn(function()
    loop.sleep(10)
    reached = true
  end)
  loop.sleep(0.01)
  print(t:cancel(), t:done()) -- expect: true	false
  local ok, err = pcall(await, t)
  print(ok, err, reached, t:done(), t:cancelled()) -- expect: false	cancelled	false	true	true
  print(t:cancel()) -- expect: false

  -- the task may catch the cancellation and finish its own way
  local stubborn = loop.spawn(function()
    local ok, e = pcall(loop.sleep, 10)
    return "caught " .. e
  end)
  loop.sleep(0)
  stubborn:cancel()
  print(await(stubborn)) -- expect: caught cancelled

  -- a task cancelled before it ever ran does not run
  local ran = false
  local never = loop.spawn(function() ran = true end)
  never:cancel()
  loop.sleep(0.01)
  print(ran, never:cancelled()) -- expect: false	true

  -- to-be-closed variables close when the cancellation unwinds the task
  local closer = loop.spawn(function()
    local c <close> = setmetatable({}, { __close = function(_, e) print("closed with", e) end })
    loop.sleep(10)
  end)
  loop.sleep(0)
  closer:cancel()
  pcall(await, closer) -- expect: closed with	cancelled

  -- wait_for: in time, and too late
  print(loop.wait_for(loop.spawn(function() loop.sleep(0.01) return "in time" end), 5)) -- expect: in time
  local slow = loop.spawn(function() loop.sleep(10) return "never" end)
  local ok2, e2 = pcall(loop.wait_for, slow, 0.02)
  print(ok2, e2, slow:cancelled()) -- expect: false	timeout	true
  print(loop.wait_for(function() return "a function" end, 1)) -- expect: a function

  -- cancelling a task that awaits another cancels only the awaiter
  local inner = loop.spawn(function() loop.sleep(0.05) return "inner done" end)
  local outer = loop.spawn(function() return await(inner) end)
  loop.sleep(0.01)
  outer:cancel()
  print(pcall(await, outer)) -- expect: false	cancelled
  print(await(inner)) -- expect: inner done
end)

-- Tasks still running when the main task ends are cancelled.
loop.run(function()
  loop.spawn(function()
    local ok, e = pcall(loop.sleep, 10)
    print("leftover:", e) -- expect: leftover:	cancelled
  end)
  loop.sleep(0.01)
end)
