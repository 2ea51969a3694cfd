-- Automatic busy polling (loop.busy_poll's default) under `priority`: the
-- loop polls the end of its waits for timers while another thread holds the
-- GIL (that thread's core is busy and the GIL keeps the other cores free of
-- Lua), and sleeps when none does.
-- args: --gil-policy=priority
-- gilvm-ft runs this with its GIL turned on.
-- args: --gil=on
local computing_thread = dofile(arg[0]:gsub("[^/]*$", "") .. "computing_thread.inc")

loop.run(function()
  loop.lag(true)
  for _ = 1, 10 do loop.sleep(0.001) end
  print("no other thread", loop.lag().polled) -- expect: no other thread	0

  local stop = computing_thread()
  loop.lag(true)
  for _ = 1, 50 do loop.sleep(0.001) end
  local lag = loop.lag()
  print(stop()) -- expect: true
  -- The thread may take a while to start; once it holds the GIL, waits poll.
  print("a thread holds the GIL", lag.polled > 0, lag.polled <= lag.samples) -- expect: a thread holds the GIL	true	true

  -- The script's choice overrides the automatic one.
  stop = computing_thread()
  loop.busy_poll(0)
  loop.lag(true)
  for _ = 1, 20 do loop.sleep(0.001) end
  local polled = loop.lag().polled
  print(stop(), "turned off", polled) -- expect: true	turned off	0
end)
