-- loop.busy_poll: the last `seconds` of a wait for a timer are polled, not
-- slept; timers, descriptors and other threads' futures still wake the loop.
-- loop.lag().polled counts the waits that ended polling. The automatic
-- setting (the default) polls only under `priority` while another thread
-- holds the GIL (loop_busy_poll_priority.lua); under this default policy,
-- and in the free-threaded build without a GIL, it never polls.

local computing_thread = dofile(arg[0]:gsub("[^/]*$", "") .. "computing_thread.inc")

print(pcall(loop.busy_poll, 0.01)) -- expect: false	loop.busy_poll: no loop is running on this thread (start one with loop.run)
loop.run(function()
  print(pcall(loop.busy_poll, -1)) -- expect: false	bad argument #1 to 'loop.busy_poll' (seconds must be between 0 and 1)
  print(pcall(loop.busy_poll, 2)) -- expect: false	bad argument #1 to 'loop.busy_poll' (seconds must be between 0 and 1)
  print(pcall(loop.busy_poll, "often")) -- expect: false	bad argument #1 to 'loop.busy_poll' (number or 'auto' expected, got string)
  print(pcall(loop.busy_poll)) -- expect: false	bad argument #1 to 'loop.busy_poll' (number or 'auto' expected, got no value)

  -- The default, automatic: this policy never polls, even beside a thread holding the GIL.
  local stop = computing_thread()
  loop.lag(true)
  for _ = 1, 20 do loop.sleep(0.001) end
  print("automatic", loop.lag().polled) -- expect: automatic	0
  print(stop()) -- expect: true

  -- Whether a wait polls is decided when the loop gets to it: on a busy
  -- machine a timer may be due already by then, and that wait neither sleeps
  -- nor polls. So only long waits are sure (in practice) to poll, and the
  -- counts are checked only as far as that goes.
  loop.busy_poll(1)
  loop.lag(true)
  local t0 = loop.now()
  for _ = 1, 20 do loop.sleep(0.001) end
  print("timers fire while busy polling", loop.now() - t0 >= 0.02) -- expect: timers fire while busy polling	true
  for _ = 1, 3 do loop.sleep(0.2) end
  local lag = loop.lag()
  print("waits polled", lag.polled >= 1, lag.polled <= lag.samples) -- expect: waits polled	true	true
  local r, w = loop.pipe()
  loop.spawn(function() loop.sleep(0.002) w:write("ping\n") end)
  print(r:readline()) -- expect: ping
  -- A future completed by another thread (posted to the loop's mailbox)
  -- while the loop polls towards a timer a second away.
  local later = loop.spawn(function() loop.sleep(1) end)
  print(await(loop.to_thread(function() thread.sleep(0.003) return "from a thread" end))) -- expect: from a thread
  later:cancel()
  -- A wait that ends at no timer is slept whatever the window.
  loop.lag(true)
  print(await(loop.to_thread(function() thread.sleep(0.003) return "slept" end))) -- expect: slept
  print("no timer, no polling", loop.lag().polled) -- expect: no timer, no polling	0

  loop.busy_poll(0)
  loop.lag(true)
  stop = computing_thread()
  for _ = 1, 5 do loop.sleep(0.001) end
  print(stop()) -- expect: true
  print("and sleeping again", loop.lag().polled) -- expect: and sleeping again	0
  loop.busy_poll("auto")
end)
