-- What a suspended coroutine costs: creates N coroutines (arg[1], default
-- 100,000), resumes each once so that it is suspended in a yield, and prints
-- the CPU time that took and the process's memory from /proc/self/status:
-- resident (VmRSS) and page tables (VmPTE, which the RSS does not include).
-- Run it under /usr/bin/time -v for the peak:
--   /usr/bin/time -v build/gil/gilvm bench/memory/coroutines_suspended.lua 100000
--
-- A measurement, not a suite program: it prints memory figures, not a
-- checksum, so it lives outside bench/*.lua (which bench/run.py and
-- tests/check_bench.py run).
local n = math.tointeger(tonumber(arg[1])) or 100000
local function status_kb(field)
  for line in io.lines("/proc/self/status") do
    local kb = line:match("^" .. field .. ":%s+(%d+)")
    if kb then return tonumber(kb) end
  end
end
local rss0, pte0 = status_kb("VmRSS"), status_kb("VmPTE")
local suspended = {}
local t0 = os.clock()
for i = 1, n do
  local co = coroutine.create(function(x)
    local y = coroutine.yield(x + 1)
    return y
  end)
  assert(coroutine.resume(co, i))
  suspended[i] = co
end
local seconds = os.clock() - t0
local rss, pte = status_kb("VmRSS"), status_kb("VmPTE")
print(("%d coroutines suspended in %.2f s of CPU"):format(n, seconds))
print(("resident %.1f MB (%.1f KB each), page tables %.1f MB (%.1f KB each)"):format(
  rss / 1024, (rss - rss0) / n, pte / 1024, (pte - pte0) / n))
