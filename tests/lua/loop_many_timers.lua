-- Thousands of timers: every sleeper wakes, none before its deadline, and
-- the loop holds no timer afterwards.
loop.run(function()
  local early, woke = 0, 0
  local sleepers = {}
  for i = 1, 2000 do
    local d = (i * 7919 % 2000) / 40000 -- 0 to 50 ms, shuffled
    sleepers[i] = loop.spawn(function()
      local deadline = loop.now() + d
      loop.sleep(d)
      if loop.now() < deadline then early = early + 1 end
      woke = woke + 1
    end)
  end
  loop.gather(table.unpack(sleepers))
  print(woke, early, loop.stats().timers) -- expect: 2000	0	0
end)
