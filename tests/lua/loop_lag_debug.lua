-- loop.lag() reports how late the loop's timers fired; loop.debug(true)
-- warns on stderr about task steps slower than a threshold, naming the task
-- and where it stopped.
loop.run(function()
  local empty = loop.lag()
  print(empty.samples, empty.p50, empty.p99, empty.max) -- expect: 0	0.0	0.0	0.0
  for _ = 1, 20 do loop.sleep(0.001) end
  local lag = loop.lag()
  print(lag.samples >= 20, lag.p50 >= 0, lag.p50 <= lag.p99, lag.p99 <= lag.max) -- expect: true	true	true	true
  print(lag.p50 < 0.5) -- expect: true
  -- a native call that keeps the loop busy makes the next timer late
  loop.spawn(function() work.hold_gil(0.05) end)
  loop.sleep(0.001)
  print(loop.lag().max >= 0.04) -- expect: true
  local before = loop.lag(true) -- read, then start counting again
  print(before.samples > 0, loop.lag().samples) -- expect: true	0

  loop.debug(true, 0.02)
  local slow = loop.spawn(function()
    work.hold_gil(0.05) -- one step of 50 ms
    loop.sleep(0)
    return "slow done"
  end)
  print(await(slow)) -- expect: slow done
  -- expect-stderr: (loop_lag_debug.lua:19) took 
  -- expect-stderr: in one step (now at loop_lag_debug.lua:21)
  loop.debug(false)
  loop.spawn(function() work.hold_gil(0.05) end)
  loop.sleep(0.06)
  print(pcall(loop.debug, true, -1)) -- expect: false	bad argument #2 to 'loop.debug' (slow_seconds must be non-negative)
end)
print(pcall(loop.lag)) -- expect: false	loop.lag: no loop is running on this thread (start one with loop.run)
