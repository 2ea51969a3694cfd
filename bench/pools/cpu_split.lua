-- cpu_split.lua — fixed CPU-bound Lua work in a pool of one worker, then
-- split over a pool of N (default 2): what each kind of pool makes of more
-- cores.
--
--   gilvm bench/pools/cpu_split.lua threads|processes|interpreters [iterations] [N]
--
-- The work is bench/gil/cpu_threads.lua's (a call per iteration). Both pools
-- are started and warmed before anything is timed, so start-up does not
-- count; the one-worker run is timed before and after the N-worker run
-- and averaged, so that a drift in machine speed hits both alike. Prints one
-- JSON line: seconds for 1 and N workers ("t1" and "tN": "t2" for two) and
-- the speed-up t1/tN (N: each worker adds a core's throughput; 1.0: they add
-- nothing, as threads under the GIL).
local kind = arg[1] or "processes"
local iterations = math.tointeger(tonumber(arg[2])) or 60000000
local workers = math.tointeger(tonumber(arg[3])) or 2
assert(workers >= 2 and iterations >= workers, "usage: cpu_split.lua KIND [iterations] [N >= 2]")

local function step(i)
  return i % 7
end

local function sum_steps(first, last)
  local s = 0
  for i = first, last do
    s = s + step(i)
  end
  return s
end

-- Every worker of the pool started: as many jobs as workers, each waiting
-- long enough for the others to be taken.
local function warm(pool, size)
  local jobs = {}
  for i = 1, size do jobs[i] = pool:submit(function() thread.sleep(0.05) end) end
  for i = 1, size do jobs[i]:result() end
end

local one, many = executor[kind](1), executor[kind](workers)
warm(one, 1)
warm(many, workers)

local function one_worker()
  local t0 = sys.monotonic()
  local sum = one:submit(sum_steps, 1, iterations):result()
  return sys.monotonic() - t0, sum
end

local function n_workers()
  local t0 = sys.monotonic()
  local jobs, each = {}, iterations // workers
  for k = 1, workers do
    local first = (k - 1) * each + 1
    jobs[k] = many:submit(sum_steps, first, k == workers and iterations or first + each - 1)
  end
  local sum = 0
  for k = 1, workers do sum = sum + jobs[k]:result() end
  return sys.monotonic() - t0, sum
end

local before, sum1 = one_worker()
local tn, sumn = n_workers()
local after = one_worker()
local t1 = (before + after) / 2
assert(sum1 == sumn, "the two runs computed different sums")
one:shutdown()
many:shutdown()
print(string.format(
  '{"bench":"cpu_split","kind":"%s","build":"%s","iterations":%d,"workers":%d,"t1":%.4f,"t%d":%.4f,' ..
    '"speedup":%.4f}',
  kind, sys.build, iterations, workers, t1, workers, tn, t1 / tn))
