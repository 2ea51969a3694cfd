-- Automatic busy polling (loop.busy_poll's default) under `priority`: the
-- loop polls the end of its waits for timers while another thread holds the
-- GIL (that thread's core is busy and the GIL keeps the other cores free of
-- Lua), and sleeps when none does. Whether a given wait polls depends on who
-- holds the GIL at that moment, which is the scheduler's to decide; so this
-- test checks only what holds however slow or busy the machine is. How often
-- the loop polls beside a computing thread is a figure bench/loop/ticker_lag.lua
-- prints ("polled").
-- args: --gil-policy=priority
-- gilvm-ft runs this with its GIL turned on.
-- args: --gil=on
local computing_thread = dofile(arg[0]:gsub("[^/]*$", "") .. "computing_thread.inc")

loop.run(function()
  -- No other thread: nobody holds the GIL while the loop waits.
  loop.lag(true)
  for _ = 1, 10 do loop.sleep(0.001) end
  print("no other thread", loop.lag().polled) -- expect: no other thread	0

  -- Beside a computing thread, a wait may poll; never more waits than there
  -- were.
  local stop = computing_thread()
  loop.lag(true)
  for _ = 1, 50 do loop.sleep(0.001) end
  local lag = loop.lag()
  print(stop()) -- expect: true
  print("a thread holds the GIL", lag.polled <= lag.samples, lag.samples >= 50) -- expect: a thread holds the GIL	true	true

  -- The script's choice overrides the automatic one.
  stop = computing_thread()
  loop.busy_poll(0)
  loop.lag(true)
  for _ = 1, 20 do loop.sleep(0.001) end
  local polled = loop.lag().polled
  print(stop(), "turned off", polled) -- expect: true	turned off	0
end)
