-- Cancellation at every await point: the task ends "cancelled", and what it
-- waited for is left usable (its stream still reads and writes, its pool
-- still runs jobs) and the loop holds nothing for it (loop.stats). Nothing
-- it waits for finishes on its own: the jobs wait for an event set at the
-- end, the process job sleeps until its worker is killed.
loop.run(function()
  local r, w = loop.pipe()
  local r2, w2 = loop.pipe()
  local server = loop.listen("127.0.0.1", 0, function() loop.sleep(3600) end)
  local conn = loop.connect("127.0.0.1", server:port())
  local release = sync.event()
  local threads, processes = executor.threads(1), executor.processes(1)
  local points = {
    sleep = function() loop.sleep(3600) end,
    sleep_0 = function() while true do loop.sleep(0) end end,
    readline = function() return r:readline() end,
    read = function() return r:read(10) end,
    write_full = function() w2:write(string.rep("x", 1 << 22)) end,
    socket_read = function() return conn:read() end,
    await_task = function() await(loop.spawn(function() loop.sleep(3600) end)) end,
    await_thread_job = function() await(threads:submit(function() release:wait() end)) end,
    await_process_job = function() await(processes:submit(thread.sleep, 3600)) end,
    to_thread = function() await(loop.to_thread(function() release:wait() end)) end,
    gather = function() loop.gather(function() loop.sleep(3600) end, function() loop.sleep(3600) end) end,
    wait_for = function() loop.wait_for(function() loop.sleep(3600) end, 3600) end,
  }
  local names = {}
  for name in pairs(points) do names[#names + 1] = name end
  table.sort(names)
  for _, name in ipairs(names) do
    local t = loop.spawn(points[name])
    loop.sleep(0.01)
    t:cancel()
    local ok, err = pcall(loop.wait_for, t, 60)
    print(name, ok, err)
  end
  -- expect: await_process_job	false	cancelled
  -- expect: await_task	false	cancelled
  -- expect: await_thread_job	false	cancelled
  -- expect: gather	false	cancelled
  -- expect: read	false	cancelled
  -- expect: readline	false	cancelled
  -- expect: sleep	false	cancelled
  -- expect: sleep_0	false	cancelled
  -- expect: socket_read	false	cancelled
  -- expect: to_thread	false	cancelled
  -- expect: wait_for	false	cancelled
  -- expect: write_full	false	cancelled

  -- Left: the main task, the server's accept task, its handler, and the task
  -- that await_task awaited (a plain await does not cancel what it awaits).
  local stats = loop.stats()
  print(stats.tasks, stats.descriptors, stats.failed) -- expect: 4	1	0
  w:write("still\n")
  print(r:readline()) -- expect: still
  print(#r2:read(1 << 22) > 0) -- expect: true
  release:set()
  print(await(threads:submit(function() return "threads" end))) -- expect: threads
  for _, pid in ipairs(processes:pids()) do os.execute("kill -9 " .. pid) end
  print(await(processes:submit(function() return "processes" end))) -- expect: processes
  conn:close()
  server:close()
  threads:shutdown()
  processes:shutdown()
end)
