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
  -- expect-stderr: took 0.0
  -- expect-stderr: in one step (now at loop_lag_debug.lua:21)
  loop.debug(false)
  loop.spawn(function() work.hold_gil(0.05) end)
  loop.sleep(0.06)
  print(pcall(loop.debug, true, -1)) -- expect: false	bad argument #2 to 'loop.debug' (slow_seconds must be non-negative)
end)
print(pcall(loop.lag)) -- expect: false	loop.lag: no loop is running on this thread (start one with loop.run)

-- loop.busy_poll: waits up to the window are polled, not slept; timers,
-- descriptors and other threads' futures still wake the loop.
print(pcall(loop.busy_poll, 0.01)) -- expect: false	loop.busy_poll: no loop is running on this thread (start one with loop.run)
loop.run(function()
  print(pcall(loop.busy_poll, -1)) -- expect: false	bad argument #1 to 'loop.busy_poll' (seconds must be between 0 and 1)
  print(pcall(loop.busy_poll, 2)) -- expect: false	bad argument #1 to 'loop.busy_poll' (seconds must be between 0 and 1)
  loop.busy_poll(0.1) -- longer than the main thread's 50 ms cap on a wait: every wait here polls
  local t0 = loop.now()
  for _ = 1, 20 do loop.sleep(0.001) end
  print("timers fire while busy polling", loop.now() - t0 >= 0.02) -- expect: timers fire while busy polling	true
  local r, w = loop.pipe()
  loop.spawn(function() loop.sleep(0.002) w:write("ping\n") end)
  print(r:readline()) -- expect: ping
  -- A future completed by another thread (posted to the loop's mailbox).
  print(await(loop.to_thread(function() thread.sleep(0.003) return "from a thread" end))) -- expect: from a thread
  loop.busy_poll(0)
  loop.sleep(0.001)
  print("and sleeping again") -- expect: and sleeping again
end)
