-- cpu_split.lua — fixed CPU-bound Lua work in a pool of one worker, then
-- split over a pool of two: what each kind of pool makes of a second core.
--
--   gilvm bench/pools/cpu_split.lua threads|processes|interpreters [iterations]
--
-- The work is bench/gil/cpu_threads.lua's (a call per iteration). Both pools
-- are started and warmed before anything is timed, so start-up does not
-- count; the one-worker run is timed before and after the two-worker run
-- and averaged, so that a drift in machine speed hits both alike. Prints one
-- JSON line: seconds for 1 and 2 workers and the speed-up t1/t2 (2.0: the
-- second worker doubles the throughput; 1.0: it adds nothing, as threads
-- under the GIL).
local kind = arg[1] or "processes"
local iterations = math.tointeger(tonumber(arg[2])) or 60000000

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
local function warm(pool, workers)
  local jobs = {}
  for i = 1, workers do jobs[i] = pool:submit(function() thread.sleep(0.05) end) end
  for i = 1, workers do jobs[i]:result() end
end

local one, two = executor[kind](1), executor[kind](2)
warm(one, 1)
warm(two, 2)

local function one_worker()
  local t0 = sys.monotonic()
  local sum = one:submit(sum_steps, 1, iterations):result()
  return sys.monotonic() - t0, sum
end

local function two_workers()
  local half = iterations // 2
  local t0 = sys.monotonic()
  local a = two:submit(sum_steps, 1, half)
  local b = two:submit(sum_steps, half + 1, iterations)
  local sum = a:result() + b:result()
  return sys.monotonic() - t0, sum
end

local before, sum1 = one_worker()
local t2, sum2 = two_workers()
local after = one_worker()
local t1 = (before + after) / 2
assert(sum1 == sum2, "the two runs computed different sums")
one:shutdown()
two:shutdown()
print(string.format('{"bench":"cpu_split","kind":"%s","iterations":%d,"t1":%.4f,"t2":%.4f,"speedup":%.4f}',
  kind, iterations, t1, t2, t1 / t2))
