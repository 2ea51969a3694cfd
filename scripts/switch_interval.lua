-- switch_interval.lua — the switch interval trades latency for throughput.
--
--   gilvm scripts/switch_interval.lua [--quick]
--
-- What it shows. Two CPU-bound Lua jobs run in a thread pool beside a 1 ms
-- ticker on the event loop, under the default `interval` policy, once for
-- each switch interval of a sweep (gil.switchinterval(s), CPython's
-- sys.setswitchinterval). A thread that wants the GIL waits one interval,
-- then asks the holder to drop it. So the interval bounds how long the
-- ticker waits for the GIL after each sleep (its lag), and how often the
-- jobs are interrupted (each switch costs a hand-off and cold caches).
--
--   lag       loop.lag()'s p50 and p99: how late the ticker's sleeps end
--   CPU       the Lua work both jobs did per second, against one thread
--             working alone on an otherwise idle interpreter just before
--             (1.00x: a whole core's worth; with a GIL two jobs cannot
--             exceed it, short of noise)
--   switches  GIL switches per second (gil.stats())
--
-- What to look at. The lag grows with the interval, roughly in step with it;
-- the CPU column moves much less. CPython 3.11 on the anchor machine: 0.5 ms
-- → lag p50 1.7 ms, CPU 0.67x; 5 ms → 46 ms, 0.79x; 50 ms → 251 ms, 0.88x.
-- On gilvm-ft there is no GIL: the interval changes nothing, and the two
-- jobs can do two cores' worth of work.
--
-- What to try next. --gil-policy=priority, which gives the loop the GIL at
-- once whatever the interval; --gil-policy=ticks, CPython 2's GIL, which
-- ignores the interval; a job that allocates (tables in the loop) to see
-- what cold caches cost.

local quick = arg[1] == "--quick"
local intervals = { 0.0005, 0.001, 0.005, 0.02, 0.05 }
local seconds = quick and 0.3 or 1.5
local rounds = quick and 2 or 3
local jobs = 2
local tick = 0.001

local here = arg and arg[0] and arg[0]:match("^(.*)/") or "."
package.path = here .. "/lib/?.lua;" .. package.path
local example = require("example")
local load_average = example.load_average

-- A CPU-bound job: Lua work in batches until `deadline`; the batches done.
local function spin(deadline)
  local batches, x = 0, 0
  while sys.monotonic() < deadline do
    for i = 1, 1000 do x = x + i % 7 end
    batches = batches + 1
  end
  return batches
end

-- Batches per second of one thread alone: the yardstick for the CPU column.
local function alone_rate()
  local t0 = sys.monotonic()
  local batches = thread.spawn(spin, t0 + seconds / 2):join()
  return batches / (sys.monotonic() - t0)
end

-- One point of the sweep: the ticker's lag (p50, p99), the jobs' batches per
-- second, and GIL switches per second.
local function measure(interval, pool)
  gil.switchinterval(interval)
  return loop.run(function()
    gil.reset_stats()
    local t0 = sys.monotonic()
    local deadline = t0 + seconds
    local running = {}
    for j = 1, jobs do running[j] = loop.run_in_executor(pool, spin, deadline) end
    loop.lag(true)
    while sys.monotonic() < deadline do loop.sleep(tick) end
    local lag = loop.lag()
    local batches = 0
    for j = 1, jobs do batches = batches + await(running[j]) end
    local elapsed = sys.monotonic() - t0
    return lag.p50, lag.p99, batches / elapsed, gil.stats().switches / elapsed
  end)
end

local default_interval = gil.switchinterval()
print(string.format("switch_interval.lua — a %g ms ticker on the event loop beside %d CPU-bound"
  .. " jobs in a thread pool, %g s per interval%s", tick * 1e3, jobs, seconds,
  quick and " (quick)" or ""))
print(string.format("machine: %d cores, %s build, GIL %s, load average %s at start",
  sys.cpu_count(), sys.build,
  gil.enabled() and "on (policy " .. gil.policy() .. ")" or "off", load_average()))

local pool = executor.threads(jobs)
local points = {}
for k, interval in ipairs(intervals) do
  points[k] = { interval = interval, p50 = {}, p99 = {}, cpu = {}, switches = {} }
end
for r = 1, rounds do
  for _, point in ipairs(points) do
    -- The yardstick is measured next to each point, so that a change in how
    -- busy the machine is hits both alike.
    local reference = alone_rate()
    local p50, p99, rate, switches = measure(point.interval, pool)
    point.p50[r], point.p99[r], point.cpu[r] = p50, p99, rate / reference
    point.switches[r] = switches
  end
end
pool:shutdown()
gil.switchinterval(default_interval)

local function median(xs)
  local sorted = table.move(xs, 1, #xs, 1, {})
  table.sort(sorted)
  return sorted[(#sorted + 1) // 2]
end

print(string.format("  %-12s %12s %12s %9s %13s", "interval", "lag p50", "lag p99", "CPU",
  "switches/s"))
for _, point in ipairs(points) do
  print(string.format("  %9g ms %9.2f ms %9.2f ms %8.2fx %13.0f", point.interval * 1e3,
    median(point.p50) * 1e3, median(point.p99) * 1e3, median(point.cpu),
    median(point.switches)))
end
print(string.format("load average %s at end", load_average()))

-- The conclusion is read off every round. The lag grows when the longest
-- interval's p50 lag is at least 3 times the shortest one's and 5 ms more;
-- it is flat (as it must be with no GIL) while within 3 times or 1 ms more.
-- The CPU work: how much more the longest interval gets than the shortest,
-- when every round agrees on the sign and each round's gain or loss exceeds
-- 5%; smaller changes are "about the same".
local first, last = points[1], points[#points]
local lag_grows, lag_flat = true, true
local cpu_changes = {}
for r = 1, rounds do
  local a, b = first.p50[r], last.p50[r]
  if b < math.max(3 * a, a + 0.005) then lag_grows = false end
  if b > math.max(3 * a, a + 0.001) then lag_flat = false end
  cpu_changes[r] = last.cpu[r] / first.cpu[r] - 1
end
local lowest, highest = math.min(table.unpack(cpu_changes)), math.max(table.unpack(cpu_changes))
local range = string.format("%g ms → %g ms", first.interval * 1e3, last.interval * 1e3)
local lag_text = string.format("lag p50 %.2f → %.2f ms", median(first.p50) * 1e3,
  median(last.p50) * 1e3)
local cpu_text = string.format("CPU %.2fx → %.2fx", median(first.cpu), median(last.cpu))
local conclusion
if not gil.enabled() then
  if lag_flat then
    conclusion = string.format("no GIL: the interval changes nothing for the ticker (%s, %s)",
      range, lag_text)
  else
    conclusion = string.format("noisy: machine busy (no GIL, yet the lag changed: %s, %s; load"
      .. " average %s)", range, lag_text, load_average())
  end
elseif not lag_grows then
  conclusion = string.format("noisy: machine busy (the rounds do not agree that the lag grows: %s,"
    .. " %s; load average %s); rerun when it is quiet", range, lag_text, load_average())
else
  local cpu_verdict
  if lowest > 0.05 then
    cpu_verdict = string.format("the pool does %.0f%% more CPU work (%s): fewer switches",
      median(cpu_changes) * 100, cpu_text)
  elseif highest < -0.05 then
    cpu_verdict = string.format("the pool does %.0f%% less CPU work (%s; machine busy?)",
      -median(cpu_changes) * 100, cpu_text)
  elseif highest - lowest <= 0.10 then
    cpu_verdict = string.format("the pool does about the same CPU work (%s): switches are cheap"
      .. " here", cpu_text)
  else
    cpu_verdict = string.format("the CPU work is noisy: machine busy (%s, rounds from %+.0f%% to"
      .. " %+.0f%%)", cpu_text, lowest * 100, highest * 100)
  end
  conclusion = string.format("from %s the ticker waits longer for the GIL (%s); %s", range,
    lag_text, cpu_verdict)
end
print("conclusion: " .. conclusion)
