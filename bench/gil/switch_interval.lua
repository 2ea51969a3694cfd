-- switch_interval.lua — two CPU-bound threads taking turns: does each turn
-- last one switch interval?
--
--   gilvm --switch-interval=S --trace=FILE bench/gil/switch_interval.lua [iterations]
--
-- Each thread runs the same fixed loop (a function call per iteration). The
-- turns themselves are read from the trace by bench/gil_run.py: the median
-- duration of the workers' "GIL held" spans against the interval, and (its
-- hand-off experiment) the time from each drop request, recorded on the
-- waiting worker, to that worker's next span. This program prints one JSON
-- line with the build, the workers' thread ids (to find their spans), the
-- wall time, and the switch counts from gil.stats().

local iterations = math.tointeger(tonumber(arg[1])) or 20000000

local function step(i)
  return i % 7
end

local function spin(n)
  local s = 0
  for i = 1, n do
    s = s + step(i)
  end
  return s
end

gil.reset_stats()
local t0 = sys.monotonic()
local a = thread.spawn(spin, iterations)
local b = thread.spawn(spin, iterations)
a:join()
b:join()
local seconds = sys.monotonic() - t0
local stats = gil.stats()

local line = string.format(
  '{"bench":"switch_interval","build":"%s","policy":"%s","interval":%.6f,"workers":[%d,%d],' ..
    '"seconds":%.4f,"switches":%d,"forced_switches":%d,"turn_ms_from_stats":%.4f}',
  sys.build, gil.policy(), gil.switchinterval(), a:id(), b:id(), seconds, stats.switches,
  stats.forced_switches, seconds / math.max(stats.switches, 1) * 1e3)
print(line)
