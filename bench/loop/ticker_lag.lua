-- The seed experiment: a 1 ms ticker on the event loop while K CPU-bound Lua
-- jobs run in a thread pool (executor.threads). Prints the ticker's lag
-- (how late each tick woke up) as p50/p99/max, and the jobs' throughput.
--
--   gilvm --gil-policy=priority bench/loop/ticker_lag.lua K [seconds] [mode] [sched] [busy_poll]
--
-- mode: "lua" (the default), "hold": each job is work.hold_gil(0.5) instead
-- (a native call that keeps the GIL): the loop stalls for as long as the
-- call; "release": work.release_gil for the whole run (CPU work without the
-- GIL). sched: the pool workers' scheduling policy, executor.threads's
-- option ("normal", "batch" or "idle"). busy_poll: loop.busy_poll's setting,
-- a window in seconds (0: the loop always sleeps in epoll) or "auto" (the
-- default: under priority, poll the last 2 ms of a wait while another
-- thread holds the GIL). The JSON's "polled": waits that ended polling.
local K = tonumber(arg[1]) or 2
local seconds = tonumber(arg[2]) or 2
local mode = arg[3] or "lua"
local sched = arg[4] or "normal"
local busy_poll = arg[5] or "auto"
busy_poll = tonumber(busy_poll) or busy_poll

local function cpu_job(deadline)
  local x, iterations = 0, 0
  while sys.monotonic() < deadline do
    for i = 1, 10000 do x = x + i % 7 end
    iterations = iterations + 10000
  end
  return iterations
end

local result = loop.run(function()
  loop.busy_poll(busy_poll)
  local pool = executor.threads(math.max(K, 1), { sched = sched })
  -- Start the pool's threads first, as the CPython peer must.
  local warm = {}
  for k = 1, K do warm[k] = pool:submit(thread.sleep, 0.05) end
  for k = 1, K do await(warm[k]) end
  local deadline = sys.monotonic() + seconds
  local jobs = {}
  for k = 1, K do
    if mode == "hold" then
      jobs[k] = pool:submit(function() work.hold_gil(0.5) return 0 end)
    elseif mode == "release" then
      jobs[k] = pool:submit(function() work.release_gil(seconds) return 0 end)
    else
      jobs[k] = pool:submit(cpu_job, deadline)
    end
  end
  loop.lag(true) -- start counting now
  local ticks, worst = 0, 0
  local stop = sys.monotonic() + seconds
  while sys.monotonic() < stop do
    local expected = loop.now() + 0.001
    loop.sleep(0.001)
    local late = loop.now() - expected
    if late > worst then worst = late end
    ticks = ticks + 1
  end
  local lag = loop.lag()
  local done = 0
  for k = 1, K do done = done + await(jobs[k]) end
  pool:shutdown()
  return { lag = lag, ticks = ticks, worst = worst, iterations = done }
end)
print(string.format(
  '{"bench":"ticker_lag","policy":"%s","jobs":%d,"mode":"%s","sched":"%s","busy_poll":"%s","ticks":%d,"polled":%d,"p50_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,"job_iterations":%d}',
  gil.policy(), K, mode, sched, tostring(busy_poll), result.ticks, result.lag.polled, result.lag.p50 * 1e3, result.lag.p99 * 1e3,
  result.lag.max * 1e3, result.iterations))
