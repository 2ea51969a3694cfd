-- cpu_bound.lua — CPU-bound Lua work on several cores: threads, worker
-- processes, subinterpreters, and threads without a GIL.
--
--   gilvm scripts/cpu_bound.lua [--quick]
--   gilvm-ft scripts/cpu_bound.lua [--quick]     (the free-threaded build)
--
-- What it shows. The same fixed amount of Lua work runs on one thread, then
-- split over a pool of W workers (W = the cores, 2 to 4) of each kind:
--
--   executor.threads(W)       OS threads of this interpreter. On the GIL
--                             build they share one GIL, so only one of them
--                             runs Lua at a time: no speed-up. On gilvm-ft
--                             there is no GIL and they run in parallel.
--   executor.processes(W)     worker processes, each a whole interpreter
--                             with its own GIL (ProcessPoolExecutor).
--   executor.interpreters(W)  subinterpreters in this process, each with its
--                             own heap and GIL (PEP 684).
--
-- The speed-up is the one-thread time over the pool's time. Every pool is
-- started and warmed before anything is timed, so a worker's start-up does
-- not count. The rounds interleave the ways, so that a change in how busy the
-- machine is hits them all alike; each figure is the median of the rounds,
-- and ± is half their range.
--
-- What to look at. The threads row against the other two on the GIL build,
-- then the same row on gilvm-ft. The speed-up cannot exceed the number of
-- free cores: with other programs busy on the machine every row drops, and
-- the rounds disagree (the conclusion then says the machine is noisy).
--
-- What to try next. Run both builds and compare the threads rows. Make the
-- work smaller (edit `iterations`) until the pools' message round trips
-- start to show. Read bench/pools/cpu_split.lua and bench/ft/scaling.lua,
-- which measure the same thing more carefully.

local quick = arg[1] == "--quick"
local iterations = quick and 3000000 or 24000000
local rounds = quick and 3 or 5
local cores = sys.cpu_count()
local workers = math.max(2, math.min(cores, 4))

local here = arg and arg[0] and arg[0]:match("^(.*)/") or "."
package.path = here .. "/lib/?.lua;" .. package.path
local example = require("example")
local load_average = example.load_average

-- The work: a loop with a function call per iteration, so the interpreter
-- polls its eval breaker (where a thread gives up the GIL) as ordinary code
-- does. The called function is local to the job, so that every way runs the
-- same code: a job sent to a process or a subinterpreter gets copies of its
-- upvalues, while a thread would share this chunk's.
local function sum_steps(first, last)
  local function step(i)
    return i % 7
  end
  local s = 0
  for i = first, last do
    s = s + step(i)
  end
  return s
end

-- The work split over `workers` jobs of `pool`; the elapsed time.
local function run_split(pool)
  local share = iterations // workers
  local t0 = sys.monotonic()
  local jobs = {}
  for w = 1, workers do
    local first = (w - 1) * share + 1
    jobs[w] = pool:submit(sum_steps, first, w == workers and iterations or first + share - 1)
  end
  local sum = 0
  for w = 1, workers do sum = sum + jobs[w]:result() end
  return sys.monotonic() - t0, sum
end

local function run_one_thread()
  local t0 = sys.monotonic()
  local sum = thread.spawn(sum_steps, 1, iterations):join()
  return sys.monotonic() - t0, sum
end

-- Every worker of a pool started: as many jobs as workers, each long enough
-- that no worker takes two.
local function warm(pool)
  local naps = {}
  for w = 1, workers do naps[w] = pool:submit(thread.sleep, 0.05) end
  for w = 1, workers do naps[w]:result() end
  return pool
end

local threads_label = gil.enabled() and "threads, one GIL" or "threads, no GIL"
local ways = {
  { label = string.format("executor.threads(%d)", workers), note = threads_label,
    pool = warm(executor.threads(workers)) },
  { label = string.format("executor.processes(%d)", workers), note = "an interpreter each",
    pool = warm(executor.processes(workers)) },
  { label = string.format("executor.interpreters(%d)", workers), note = "an interpreter each",
    pool = warm(executor.interpreters(workers)) },
}

print(string.format("cpu_bound.lua — %g million Lua iterations on 1 thread, then on %d workers%s",
  iterations / 1e6, workers, quick and " (quick)" or ""))
print(string.format("machine: %d cores, %s build (GIL %s), load average %s at start",
  cores, sys.build, gil.enabled() and "on" or "off", load_average()))

local one_times = {}
for _, way in ipairs(ways) do way.times, way.speedups = {}, {} end
local expected
for r = 1, rounds do
  local t1, sum = run_one_thread()
  expected = expected or sum
  one_times[r] = t1
  for _, way in ipairs(ways) do
    local t, s = run_split(way.pool)
    assert(s == expected, way.label .. " computed a different sum")
    way.times[r], way.speedups[r] = t, t1 / t
  end
end
for _, way in ipairs(ways) do way.pool:shutdown() end

-- The median of a list and half its range, relative to the median.
local function median_spread(xs)
  local sorted = table.move(xs, 1, #xs, 1, {})
  table.sort(sorted)
  local median = sorted[(#sorted + 1) // 2]
  return median, (sorted[#sorted] - sorted[1]) / 2 / median
end

print(string.format("  %-26s %-19s %14s %13s", "way", "", "time", "speed-up"))
local one_median, one_spread = median_spread(one_times)
print(string.format("  %-26s %-19s %8.3f s ±%2.0f%% %6.2fx", "1 thread", "", one_median,
  one_spread * 100, 1))
for _, way in ipairs(ways) do
  local time, time_spread = median_spread(way.times)
  local spread
  way.speedup, spread = median_spread(way.speedups)
  print(string.format("  %-26s %-19s %8.3f s ±%2.0f%% %6.2fx ±%.2f", way.label, way.note, time,
    time_spread * 100, way.speedup, way.speedup * spread))
end
if sys.build == "gil" then
  print("  threads without a GIL: run this script on gilvm-ft (build/ft/gilvm-ft)")
end
print(string.format("load average %s at end", load_average()))

-- The conclusion is read off every round: a way uses the cores when it gets
-- at least 60% of the ideal speed-up, gains nothing below 1.3x, and gains
-- some in between. A way whose rounds fall in different classes is noisy.
local ideal = math.min(workers, cores)
local function class(speedup)
  if speedup >= 0.6 * ideal then return "scaled" end
  if speedup < 1.3 then return "flat" end
  return "partial"
end
local groups = { scaled = {}, partial = {}, flat = {}, noisy = {} }
for _, way in ipairs(ways) do
  local kind = way.label:match("%.(%a+)")
  local verdict = class(way.speedups[1])
  for r = 2, rounds do
    if class(way.speedups[r]) ~= verdict then verdict = "noisy" end
  end
  way.verdict = verdict
  local group = groups[verdict]
  if verdict == "noisy" then
    local low, high = math.min(table.unpack(way.speedups)), math.max(table.unpack(way.speedups))
    group[#group + 1] = string.format("%s %.2f-%.2fx", kind, low, high)
  else
    group[#group + 1] = string.format("%s %.2fx", kind, way.speedup)
  end
end
local conclusion
if cores < 2 then
  conclusion = "1 core: no way of running CPU-bound work beats one thread here"
elseif ways[2].verdict == "flat" and ways[3].verdict == "flat" then
  conclusion = string.format("machine busy: not even processes (%.2fx) or subinterpreters (%.2fx)"
    .. " gain, so no core is free (load average %s on %d cores); rerun when it is quiet",
    ways[2].speedup, ways[3].speedup, load_average(), cores)
elseif #groups.noisy == #ways then
  conclusion = string.format("noisy: machine busy (the rounds disagree on every way, load average"
    .. " %s on %d cores); rerun when it is quiet", load_average(), cores)
else
  local parts = {}
  if #groups.scaled > 0 then
    parts[#parts + 1] = table.concat(groups.scaled, ", ") .. " use the cores"
  end
  if #groups.partial > 0 then
    parts[#parts + 1] = table.concat(groups.partial, ", ")
      .. " gain less than the cores allow (other programs busy?)"
  end
  if #groups.flat > 0 then
    -- Threads gain nothing because of the GIL; a pool of interpreters, each
    -- with its own, gains nothing only when no core is free.
    local why = {}
    if gil.enabled() and ways[1].verdict == "flat" then
      why[#why + 1] = "threads take turns holding the GIL"
    end
    if ways[2].verdict == "flat" or ways[3].verdict == "flat" then
      why[#why + 1] = "interpreters with a GIL each gain nothing only when no core is free:"
        .. " machine busy?"
    end
    parts[#parts + 1] = table.concat(groups.flat, ", ") .. " gain nothing"
      .. (#why > 0 and " (" .. table.concat(why, "; ") .. ")" or "")
  end
  if #groups.noisy > 0 then
    parts[#parts + 1] = string.format("%s: noisy: machine busy (load average %s)",
      table.concat(groups.noisy, ", "), load_average())
  end
  conclusion = string.format("on %d cores, %s", cores, table.concat(parts, "; "))
end
print("conclusion: " .. conclusion)
