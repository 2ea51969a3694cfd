-- loop.gather, loop.to_thread, loop.run_in_executor and executor.threads.
loop.run(function()
  local r = loop.gather(
    loop.spawn(function() loop.sleep(0.02) return "slow" end),
    loop.spawn(function() return "fast", "extra" end),
    function() return 3 end)
  print(#r, r[1], r[2], r[3]) -- expect: 3	slow	fast	3
  print(#loop.gather()) -- expect: 0
  local ok, err = pcall(loop.gather, loop.spawn(function() error("one failed", 0) end), function() return 1 end)
  print(ok, err:match("^[^\n]*")) -- expect: false	one failed
  print(pcall(loop.gather, 5)) -- expect: false	bad argument #1 to 'loop.gather' (task or future expected, got number)

  -- to_thread runs in the loop's default pool, off the loop thread
  local here = thread.current():id()
  local f = loop.to_thread(function(x) return x + 1, thread.current():id() end, 41)
  local v, where = await(f)
  print(v, where ~= here) -- expect: 42	true

  -- an error in a pool job reaches the awaiter with the job's traceback
  local bad = loop.to_thread(function() error("in the pool") end)
  local ok2, e2 = pcall(await, bad)
  print(ok2, e2:match("^[^\n]*"), e2:find("stack traceback:", 1, true) ~= nil)
  -- expect: false	loop_gather_executors.lua:20: in the pool	true

  local pool = executor.threads(2)
  local futs = {}
  for i = 1, 20 do futs[i] = loop.run_in_executor(pool, function(k) return k * k end, i) end
  local sum = 0
  for i = 1, 20 do sum = sum + await(futs[i]) end
  print(sum) -- expect: 2870
  pool:shutdown()
end)

-- Executors from plain threads: result(), map, timeouts, cancel, shutdown.
local pool = executor.threads(2)
print(tostring(pool)) -- expect: executor (threads)
print(pool:submit(function(a, b) return a .. b end, "x", "y"):result()) -- expect: xy
print(table.concat(pool:map(function(x) return x * 10 end, { 1, 2, 3 }), " ")) -- expect: 10 20 30
local slow = pool:submit(function() thread.sleep(0.2) return "late" end)
print(pcall(slow.result, slow, 0.01)) -- expect: false	timeout
print(slow:result()) -- expect: late
local gate = sync.event()
local busy1 = pool:submit(function() gate:wait() end)
local busy2 = pool:submit(function() gate:wait() end)
local queued = pool:submit(function() return "ran" end)
print(queued:cancel(), queued:cancelled(), queued:done()) -- expect: true	true	true
print(pcall(queued.result, queued)) -- expect: false	cancelled
gate:set()
busy1:result(); busy2:result()
print(busy1:cancel()) -- expect: false
local err = pool:submit(function() error({ why = "table error" }) end)
local ok, e = pcall(err.result, err)
print(ok, e.why) -- expect: false	table error
pool:shutdown()
print(tostring(pool)) -- expect: executor (threads, shut down)
print(pcall(pool.submit, pool, print)) -- expect: false	cannot submit to an executor that has been shut down
print(pcall(executor.threads, 0)) -- expect: false	bad argument #1 to 'executor.threads' (number of workers must be at least 1)

-- The workers' scheduling policy (Linux: field 41 of /proc/thread-self/stat;
-- 0 SCHED_OTHER, 3 SCHED_BATCH, 5 SCHED_IDLE).
local function policy()
  local f = assert(io.open("/proc/thread-self/stat"))
  local stat = f:read("a")
  f:close()
  local fields = {}
  for field in stat:match("%) (.*)"):gmatch("%S+") do fields[#fields + 1] = field end
  return tonumber(fields[39]) -- fields 3.. follow the command's ")"
end
for _, sched in ipairs({ "normal", "batch", "idle" }) do
  local p = executor.threads(1, { sched = sched })
  io.write(sched, " ", p:submit(policy):result(), "; ")
  p:shutdown()
end
print(executor.threads(1, {}):submit(policy):result(), policy())
-- expect: normal 0; batch 3; idle 5; 0	0
print(pcall(executor.threads, 1, { sched = "fast" }))
-- expect: false	bad argument #2 to 'executor.threads' (sched must be "normal", "batch" or "idle")
print(pcall(executor.threads, 1, { shed = "idle" }))
-- expect: false	bad argument #2 to 'executor.threads' (unknown option (the only one is sched))
print(pcall(executor.threads, 1, 5))
-- expect: false	bad argument #2 to 'executor.threads' (table expected, got number)

-- A pool nobody shut down finishes its work before the program exits.
local late = executor.threads(1)
late:submit(function() thread.sleep(0.05) print("pool job done before exit") end)
-- expect: pool job done before exit
