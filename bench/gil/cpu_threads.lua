-- cpu_threads.lua — fixed CPU-bound Lua work on one thread, then split over
-- two: how much throughput the GIL leaves (CPython 3.11: 0.99x).
--
--   gilvm --gil-policy=P bench/gil/cpu_threads.lua [iterations]
--
-- The work is a loop that calls a small function per iteration, so the
-- interpreter polls its eval breaker at every call and backward jump, as
-- ordinary Lua code does. The one-thread run, on a spawned thread like the
-- two (CPython's main thread runs the same loop measurably slower than its
-- other threads), is timed before and after the two-thread run and averaged,
-- so that a drift in machine speed hits both alike. Prints one JSON line:
-- seconds for 1 and 2 threads and the throughput ratio t1/t2 (1.0: the
-- second thread costs nothing; 0.5: two threads take twice as long as one).

local iterations = math.tointeger(tonumber(arg[1])) or 30000000

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

local function one_thread()
  local t0 = sys.monotonic()
  local sum = thread.spawn(sum_steps, 1, iterations):join()
  return sys.monotonic() - t0, sum
end

local function two_threads()
  local half = iterations // 2
  local t0 = sys.monotonic()
  local a = thread.spawn(sum_steps, 1, half)
  local b = thread.spawn(sum_steps, half + 1, iterations)
  local sum = a:join() + b:join()
  return sys.monotonic() - t0, sum
end

local before, one = one_thread()
gil.reset_stats()
local t2, two = two_threads()
local stats = gil.stats()
local after = one_thread()
local t1 = (before + after) / 2

assert(one == two, "the two runs computed different sums")
local line = string.format(
  '{"bench":"cpu_threads","policy":"%s","iterations":%d,"t1":%.4f,"t2":%.4f,"ratio":%.4f,' ..
    '"switches":%d}',
  gil.policy(), iterations, t1, t2, t1 / t2, stats.switches)
print(line)
