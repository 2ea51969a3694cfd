-- native_gil.lua — a native call that never releases the GIL stalls every
-- other thread; one that releases it stalls nobody.
--
--   gilvm scripts/native_gil.lua [--quick]
--
-- What it shows. A ticker thread sleeps 1 ms at a time and notes the longest
-- gap between its wake-ups. Meanwhile the main thread
--
--   idles                   thread.sleep: the gap is the machine's own noise
--   calls work.hold_gil(s)  native CPU work that keeps the GIL for its whole
--                           length and never reaches an eval-breaker poll,
--                           like CPython's pow() on huge integers or a C
--                           extension that forgets Py_BEGIN_ALLOW_THREADS
--   calls work.release_gil(s)  the same work with the GIL released around
--                           it (a detach guard, AllowThreads in the C++), like
--                           hashlib on a large buffer
--
-- The switch interval cannot help in the first case: a drop request is
-- answered at the next poll of the eval breaker, and native code never polls.
-- The ticker wakes on time, then waits for the GIL until the call returns.
--
-- What to look at. The hold_gil gap is as long as the call; the release_gil
-- gap is a tick or two. On the free-threaded build there is no GIL, and
-- neither call stalls the ticker.
--
-- What to try next. --gil-policy=priority (it cannot help either: nothing
-- polls); --switch-interval=0.0005; the same calls from a thread pool beside
-- an event loop (bench/loop/ticker_lag.lua with mode "hold" or "release").

local quick = arg[1] == "--quick"
local seconds = quick and 0.25 or 1
local rounds = 3
local tick = 0.001

local here = arg and arg[0] and arg[0]:match("^(.*)/") or "."
package.path = here .. "/lib/?.lua;" .. package.path
local example = require("example")
local load_average = example.load_average

-- The ticker keeps its wake-up times; the windows below are read from them.
local stamps, running = {}, true
local ticker = thread.spawn(function()
  while running do
    stamps[#stamps + 1] = sys.monotonic()
    thread.sleep(tick)
  end
end)

-- The longest gap between two consecutive wake-ups that overlaps [from, to].
local function longest_gap(from, to)
  local longest = 0
  for j = 2, #stamps do
    local a, b = stamps[j - 1], stamps[j]
    if b > from and a < to and b - a > longest then longest = b - a end
  end
  return longest
end

-- Runs call(seconds) on this thread; the ticker's longest gap meanwhile.
local function stall(call)
  local from = sys.monotonic()
  call(seconds)
  local to = sys.monotonic()
  thread.sleep(0.02)  -- let the ticker record the end of the window
  return longest_gap(from, to)
end

local calls = {
  { label = "thread.sleep (idle)", call = thread.sleep },
  { label = "work.hold_gil", call = work.hold_gil },
  { label = "work.release_gil", call = work.release_gil },
}

print(string.format("native_gil.lua — the longest gap of a %g ms ticker thread while the main"
  .. " thread makes a %g s call%s", tick * 1e3, seconds, quick and " (quick)" or ""))
print(string.format("machine: %d cores, %s build (GIL %s), load average %s at start",
  sys.cpu_count(), sys.build, gil.enabled() and "on" or "off", load_average()))

thread.sleep(0.05)  -- the ticker is running
for _, c in ipairs(calls) do c.gaps = {} end
-- The ticker stops whatever happens: a program waits for its threads at
-- exit, so an error that left it ticking would hang the program.
local ok, failure = pcall(function()
  for r = 1, rounds do
    for _, c in ipairs(calls) do c.gaps[r] = stall(c.call) end
  end
end)
running = false
ticker:join()
if not ok then error(failure, 0) end

print(string.format("  %-24s %16s   %s", "main thread calls", "longest gap", "each round"))
for _, c in ipairs(calls) do
  local each = {}
  for r = 1, rounds do each[r] = string.format("%.1f", c.gaps[r] * 1e3) end
  c.low, c.high = math.min(table.unpack(c.gaps)), math.max(table.unpack(c.gaps))
  table.sort(c.gaps)
  c.median = c.gaps[(rounds + 1) // 2]
  print(string.format("  %-24s %13.1f ms   %s ms", c.label, c.median * 1e3,
    table.concat(each, " / ")))
end
print(string.format("load average %s at end", load_average()))

-- The conclusion is read off every round. A call stalls the ticker when the
-- gap covers most of the call (80%); it does not when the gap stays within
-- 10 ms, or within twice the idle gap on a machine slower than that. Rounds
-- on different sides make the row noisy.
local idle, hold, release = calls[1], calls[2], calls[3]
local free_s = math.max(0.010, 2 * idle.high)
local function verdict(c)
  if c.low >= 0.8 * seconds then return "stalls" end
  if c.high <= free_s then return "free" end
  return "noisy"
end
local hv, rv = verdict(hold), verdict(release)
local conclusion
if hv == "noisy" or rv == "noisy" or free_s >= 0.8 * seconds then
  conclusion = string.format("noisy: machine busy (gaps: idle up to %.1f ms, hold_gil %.0f-%.0f ms,"
    .. " release_gil %.0f-%.0f ms; load average %s); rerun when it is quiet", idle.high * 1e3,
    hold.low * 1e3, hold.high * 1e3, release.low * 1e3, release.high * 1e3, load_average())
else
  local function said(c, v)
    if v == "stalls" then
      return string.format("%s stalls the other thread for %.0f ms, the whole call", c.label,
        c.median * 1e3)
    end
    return string.format("%s stalls it only %.1f ms", c.label, c.median * 1e3)
  end
  local why = ""
  if hv == "stalls" and rv == "free" then
    why = ": native code that keeps the GIL never answers a drop request"
  elseif hv == "free" and not gil.enabled() then
    why = ": with no GIL, neither call can stall another thread"
  end
  conclusion = said(hold, hv) .. "; " .. said(release, rv) .. why
end
print("conclusion: " .. conclusion)
