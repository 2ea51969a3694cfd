-- ticker_lag.lua — the seed experiment: an event loop's 1 ms ticker while K
-- CPU-bound jobs run in a pool. In executor.threads the jobs share the loop's
-- GIL, and the ticker wakes late by up to a switch interval and more; in
-- executor.processes or executor.interpreters they run under GILs of their
-- own, and the ticker competes only for a core.
--
--   gilvm bench/pools/ticker_lag.lua threads|processes|interpreters K [seconds] [samples]
--
-- The pool is started and warmed first; the jobs spin for the whole
-- measurement (and a little longer). The figures are loop.lag()'s: how late
-- the ticker's sleeps ended, over `seconds` of 1 ms ticks. Prints one JSON line;
-- with `samples` it also lists every tick's lateness in ms ("lag_ms"), as the
-- ticker sees it (from when its sleep was due to when it runs again), for a
-- distribution (tools/plot_collect.py).
local kind = arg[1] or "processes"
local jobs = math.tointeger(tonumber(arg[2])) or 2
local seconds = tonumber(arg[3]) or 2
local samples = arg[4] == "samples" and {}

local function spin(until_time)
  local x = 0
  while sys.monotonic() < until_time do
    for _ = 1, 1000 do x = x + 1 end
  end
  return x
end

local lag
loop.run(function()
  local pool = jobs > 0 and executor[kind](jobs)
  if pool then
    local warm = {}
    for i = 1, jobs do warm[i] = loop.run_in_executor(pool, function() thread.sleep(0.05) end) end
    for i = 1, jobs do await(warm[i]) end
  end
  local started = sys.monotonic()
  local running = {}
  for i = 1, jobs do running[i] = loop.run_in_executor(pool, spin, started + seconds + 0.2) end
  loop.sleep(0.05) -- the jobs are running
  loop.lag(true)
  local deadline = sys.monotonic() + seconds
  while sys.monotonic() < deadline do
    local due = loop.now() + 0.001
    loop.sleep(0.001)
    if samples then samples[#samples + 1] = string.format("%.4f", (loop.now() - due) * 1e3) end
  end
  lag = loop.lag()
  for i = 1, jobs do await(running[i]) end
  if pool then pool:shutdown() end
end)
print(string.format(
  '{"bench":"ticker_lag","kind":"%s","build":"%s","policy":"%s","jobs":%d,"p50_ms":%.4f,' ..
    '"p99_ms":%.4f,"max_ms":%.4f,"samples":%d%s}',
  kind, sys.build, gil.policy(), jobs, lag.p50 * 1e3, lag.p99 * 1e3, lag.max * 1e3, lag.samples,
  samples and ',"lag_ms":[' .. table.concat(samples, ",") .. "]" or ""))
