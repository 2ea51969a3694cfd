-- Memory of suspended coroutines: N coroutines, each resumed once and
-- suspended in a yield, all alive at once. Prints the resident memory they
-- add (VmRSS), the page tables (VmPTE, not part of RSS) and the time.
--
--   gilvm bench/loop/coroutines_memory.lua [N]
local N = math.tointeger(tonumber(arg[1])) or 100000

local function status(field)
  for line in io.lines("/proc/self/status") do
    local kb = line:match("^" .. field .. ":%s+(%d+) kB")
    if kb then return tonumber(kb) / 1024 end
  end
end

collectgarbage()
local rss0, pte0 = status("VmRSS"), status("VmPTE")
local t0 = sys.monotonic()
local cos = {}
for i = 1, N do
  local co = coroutine.create(function(x)
    local y = coroutine.yield(x)
    return y
  end)
  assert(coroutine.resume(co, i))
  cos[i] = co
end
local elapsed = sys.monotonic() - t0
local rss, pte = status("VmRSS"), status("VmPTE")
-- They all still work.
local sum = 0
for i = 1, N, N // 100 do
  local _, v = coroutine.resume(cos[i], i)
  sum = sum + v
end
print(string.format('{"bench":"coroutines_memory","coroutines":%d,"rss_mb":%.1f,"kb_each":%.2f,"pte_mb":%.1f,"create_s":%.3f}',
                    N, rss - rss0, (rss - rss0) * 1024 / N, pte - pte0, elapsed))
