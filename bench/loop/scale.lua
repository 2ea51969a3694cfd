-- Many concurrent tasks: T tasks, each sleeping a short random-ish time and
-- waking W times. Checks that every wake-up happened and prints the time and
-- the process's peak RSS (VmHWM) as one JSON line.
--
--   gilvm bench/loop/scale.lua [tasks] [wakes]
local T = math.tointeger(tonumber(arg[1])) or 10000
local W = math.tointeger(tonumber(arg[2])) or 10

local function peak_rss_mb()
  for line in io.lines("/proc/self/status") do
    local kb = line:match("^VmHWM:%s+(%d+) kB")
    if kb then return tonumber(kb) / 1024 end
  end
end

local t0 = sys.monotonic()
local wakes = loop.run(function()
  local tasks = {}
  for i = 1, T do
    tasks[i] = loop.spawn(function(k)
      local n = 0
      for w = 1, W do
        loop.sleep(0.001 + (k * 7 + w) % 10 * 0.001)
        n = n + 1
      end
      return n
    end, i)
  end
  local total = 0
  for i = 1, T do total = total + await(tasks[i]) end
  return total
end)
local elapsed = sys.monotonic() - t0
assert(wakes == T * W, "lost wake-ups: " .. wakes)
print(string.format('{"bench":"scale","tasks":%d,"wakes_each":%d,"wakes":%d,"seconds":%.3f,"peak_rss_mb":%.1f}',
                    T, W, wakes, elapsed, peak_rss_mb()))
