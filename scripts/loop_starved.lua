-- loop_starved.lua — an event loop starved by CPU-bound work in a thread
-- pool, and kept responsive by a process pool.
--
--   gilvm [--gil-policy=NAME] scripts/loop_starved.lua [--quick]
--
-- What it shows. A task on the event loop ticks every 1 ms; loop.lag()
-- records how late each of its sleeps ends. Three conditions:
--
--   idle                  nothing else runs: the machine's own timer noise
--   executor.threads(2)   two CPU-bound Lua jobs on threads of this
--                         interpreter. They share the loop's GIL: every time
--                         the ticker wakes, it must get the GIL back from a
--                         job, which under the default `interval` policy
--                         takes up to a switch interval (5 ms) or more.
--   executor.processes(2) the same jobs in worker processes, each with its
--                         own GIL. The loop competes with them only for a
--                         core, and the workers run a little nicer than it.
--
-- This is the asyncio experiment: CPU work handed to run_in_executor with a
-- ThreadPoolExecutor starves the loop; a ProcessPoolExecutor does not.
--
-- What to look at. p50 and p99 of the lag in each condition. The ticker is
-- starved when its p99 lag is a switch interval or more, responsive when it
-- stays near the idle figure. On the free-threaded build there is no GIL,
-- and the thread pool no longer starves the loop.
--
-- What to try next. --gil-policy=priority, which hands the GIL to the loop
-- thread ahead of CPU-bound holders (docs/event-loop.md); --switch-interval=
-- 0.001 (scripts/switch_interval.lua sweeps it); more jobs than cores
-- (change `jobs`), where even processes must share cores with the loop.

local quick = arg[1] == "--quick"
local seconds = quick and 0.4 or 2
local rounds = 3
local jobs = 2
local tick = 0.001

local here = arg and arg[0] and arg[0]:match("^(.*)/") or "."
package.path = here .. "/lib/?.lua;" .. package.path
local example = require("example")
local load_average = example.load_average

-- A CPU-bound job: Lua arithmetic until `deadline` (sys.monotonic() is the
-- system's monotonic clock, the same in every process).
local function spin(deadline)
  local x = 0
  while sys.monotonic() < deadline do
    for i = 1, 1000 do x = x + i % 7 end
  end
  return x
end

-- The ticker's lag while `jobs` jobs spin in a fresh pool of `kind` (none
-- for idle): loop.lag()'s p50 and p99, in seconds.
local function ticker_lag(kind)
  return loop.run(function()
    local pool = kind and executor[kind](jobs)
    if pool then
      -- Start every worker before the measurement.
      local naps = {}
      for j = 1, jobs do naps[j] = loop.run_in_executor(pool, thread.sleep, 0.05) end
      for j = 1, jobs do await(naps[j]) end
    end
    local deadline = sys.monotonic() + seconds
    local running = {}
    for j = 1, pool and jobs or 0 do running[j] = loop.run_in_executor(pool, spin, deadline) end
    loop.sleep(0.02)  -- the jobs are running
    loop.lag(true)    -- count from now
    while sys.monotonic() < deadline do loop.sleep(tick) end
    local lag = loop.lag()
    for j = 1, #running do await(running[j]) end
    if pool then pool:shutdown() end
    return lag
  end)
end

local conditions = {
  { label = "idle" },
  { label = string.format("executor.threads(%d)", jobs), kind = "threads" },
  { label = string.format("executor.processes(%d)", jobs), kind = "processes" },
}

print(string.format("loop_starved.lua — a %g ms ticker on the event loop beside %d CPU-bound"
  .. " jobs, %g s each%s", tick * 1e3, jobs, seconds, quick and " (quick)" or ""))
print(string.format("machine: %d cores, %s build, GIL %s, load average %s at start",
  sys.cpu_count(), sys.build,
  gil.enabled() and string.format("on (policy %s, switch interval %g ms)", gil.policy(),
    gil.switchinterval() * 1e3) or "off", load_average()))

for _, c in ipairs(conditions) do c.p50, c.p99 = {}, {} end
for r = 1, rounds do
  for _, c in ipairs(conditions) do
    local lag = ticker_lag(c.kind)
    c.p50[r], c.p99[r] = lag.p50, lag.p99
  end
end

local function median(xs)
  local sorted = table.move(xs, 1, #xs, 1, {})
  table.sort(sorted)
  return sorted[(#sorted + 1) // 2]
end

print(string.format("  %-24s %12s %12s   %s", "jobs in", "lag p50", "lag p99",
  "p99 of each round"))
for _, c in ipairs(conditions) do
  local each = {}
  for r = 1, rounds do each[r] = string.format("%.2f", c.p99[r] * 1e3) end
  c.median_p99 = median(c.p99)
  print(string.format("  %-24s %9.3f ms %9.3f ms   %s ms", c.label, median(c.p50) * 1e3,
    c.median_p99 * 1e3, table.concat(each, " / ")))
end
print(string.format("load average %s at end", load_average()))

-- The conclusion is read off every round: the ticker is responsive when its
-- p99 stays within 2 ms (a tick late at most, or the idle figure if the
-- machine is slower than that), starved from 5 ms (a default switch
-- interval) up; a condition whose rounds fall on different sides is noisy.
local idle = conditions[1]
local responsive_s = math.max(0.002, 2 * math.max(table.unpack(idle.p99)))
local function verdict(c)
  local low, high = math.min(table.unpack(c.p99)), math.max(table.unpack(c.p99))
  if high <= responsive_s then return "responsive" end
  if low >= 0.005 then return "starved" end
  if low > responsive_s then return "delayed" end
  return "noisy"
end

local threads, processes = conditions[2], conditions[3]
local tv, pv = verdict(threads), verdict(processes)
local function ms(c) return string.format("p99 %.1f ms", c.median_p99 * 1e3) end
local conclusion
if math.max(table.unpack(idle.p99)) > 0.005 then
  conclusion = string.format("noisy: machine busy (the idle ticker alone is %.1f ms late at p99,"
    .. " load average %s); rerun when it is quiet", idle.median_p99 * 1e3, load_average())
elseif tv == "noisy" or pv == "noisy" then
  conclusion = string.format("noisy: machine busy (the rounds disagree: threads %s, processes %s;"
    .. " load average %s); rerun when it is quiet", ms(threads), ms(processes), load_average())
else
  -- Each verdict with its figure, then why.
  local function said(c, verdict, reasons)
    local reason = reasons[verdict]
    return string.format("%s (%s)%s", verdict, ms(c), reason and ": " .. reason or "")
  end
  local thread_reasons = gil.enabled()
      and { starved = "the loop waits for the GIL behind the jobs",
            delayed = "the loop gets the GIL back late" }
      or { starved = "the jobs keep the cores busy", responsive = "no GIL to wait for" }
  local process_reasons = {
    starved = "the jobs and other programs keep the cores busy",
    delayed = "the jobs and other programs keep the cores busy",
  }
  conclusion = string.format("the thread pool leaves the ticker %s; the process pool leaves it %s",
    said(threads, tv, thread_reasons), said(processes, pv, process_reasons))
end
print("conclusion: " .. conclusion)
