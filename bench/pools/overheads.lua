-- overheads.lua — what a pool costs per worker and per job: the start-up of
-- a worker, the round trip of a tiny job, and the throughput of many.
--
--   gilvm bench/pools/overheads.lua threads|processes|interpreters [tasks]
--
--  startup   a fresh pool of one worker: the time to its first result, less
--            the time to its second (so: starting a thread, a subinterpreter
--            or a worker process); the median of 20 pools, each after a full
--            collection
--  rtt       submit a tiny job (x + 1) to a warm pool of two and wait for its
--            result, one at a time: the median of 2,000
--  tasks/s   submit `tasks` tiny jobs to a warm pool of two, then wait for
--            all of them; the median of 3 runs
--
-- Also thread.spawn + join of an empty function, for scale. Prints one JSON line.
local kind = arg[1] or "processes"
local tasks = math.tointeger(tonumber(arg[2])) or 10000

local function median(xs)
  table.sort(xs)
  return xs[(#xs + 1) // 2]
end

local function tiny(x)
  return x + 1
end

-- Round trips on a warm pool of two.
local pool = executor[kind](2)
pool:map(tiny, { 1, 2, 3, 4 })
local trips = {}
for i = 1, 2000 do
  local t0 = sys.monotonic()
  pool:submit(tiny, i):result()
  trips[i] = sys.monotonic() - t0
end
local rtt = median(trips)

-- Throughput.
local rates = {}
for run = 1, 3 do
  local futures = {}
  local t0 = sys.monotonic()
  for i = 1, tasks do futures[i] = pool:submit(tiny, i) end
  for i = 1, tasks do assert(futures[i]:result() == i + 1) end
  rates[run] = tasks / (sys.monotonic() - t0)
end
pool:shutdown()

-- Start-up.
local firsts, startups = {}, {}
for i = 1, 20 do
  collectgarbage() -- not in the middle of the timing
  local fresh = executor[kind](1)
  local t0 = sys.monotonic()
  fresh:submit(tiny, 1):result()
  firsts[i] = sys.monotonic() - t0
  t0 = sys.monotonic()
  fresh:submit(tiny, 2):result()
  startups[i] = firsts[i] - (sys.monotonic() - t0)
  fresh:shutdown()
end

local spawns = {}
for i = 1, 200 do
  local t0 = sys.monotonic()
  thread.spawn(function() end):join()
  spawns[i] = sys.monotonic() - t0
end

print(string.format('{"bench":"overheads","kind":"%s","first_job_ms":%.4f,"startup_ms":%.4f,' ..
  '"rtt_us":%.2f,"tasks":%d,"tasks_per_s":%.0f,"thread_spawn_join_us":%.2f}',
  kind, median(firsts) * 1e3, median(startups) * 1e3, rtt * 1e6, tasks, median(rates), median(spawns) * 1e6))
