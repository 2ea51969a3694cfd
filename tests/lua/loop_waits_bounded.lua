-- What a wait registers (its deadline, its place among a descriptor's
-- waiters) goes when the wait ends, however it ends: a loop that ends many
-- long waits early keeps only what is still waited for (loop.stats).
loop.run(function()
  local quick = function() return 1 end
  for _ = 1, 2000 do loop.wait_for(quick, 3600) end
  local stats = loop.stats()
  print("timers", stats.timers < 100, stats.tasks) -- expect: timers	true	1

  -- Tasks cancelled while they wait to read.
  local r, w = loop.pipe()
  local readers, writers = {}, {}
  for i = 1, 100 do
    local rr, ww = loop.pipe()
    writers[i] = ww -- kept: a collected write end would close its pipe and end the read
    readers[i] = loop.spawn(function() return rr:read() end)
  end
  loop.sleep(0)
  print("waiting", loop.stats().descriptors) -- expect: waiting	100
  for i = 1, 100 do readers[i]:cancel() end
  for i = 1, 100 do pcall(await, readers[i]) end
  print("after cancel", loop.stats().descriptors) -- expect: after cancel	0

  -- Waits that time out, and sleeps cut short by cancellation.
  for _ = 1, 500 do pcall(loop.wait_for, function() return r:read() end, 0) end
  local sleepers = {}
  for i = 1, 500 do sleepers[i] = loop.spawn(function() loop.sleep(3600) end) end
  loop.sleep(0)
  for i = 1, 500 do sleepers[i]:cancel() end
  for i = 1, 500 do pcall(await, sleepers[i]) end
  stats = loop.stats()
  print("timers", stats.timers < 100, "descriptors", stats.descriptors) -- expect: timers	true	descriptors	0
  w:close()
end)
