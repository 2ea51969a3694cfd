-- hold_vs_release.lua — native work that keeps the GIL stalls every other
-- thread for its whole length; native work that releases it stalls nobody.
--
--   gilvm --gil-policy=P bench/gil/hold_vs_release.lua [seconds]
--
-- A ticker thread sleeps 1 ms at a time and records when it woke, like a
-- 1 ms asyncio ticker. Meanwhile the main thread idles (thread.sleep), then
-- calls work.hold_gil(seconds) (CPython: pow(3, 5_000_000)), then
-- work.release_gil(seconds) (CPython: hashlib on a big buffer). For each of
-- the three windows the ticker's longest gap between wake-ups is reported, in
-- milliseconds; a gap includes the 1 ms sleep itself.

local seconds = tonumber(arg[1]) or 0.5
local tick = 0.001

local stamps = {}
local running = true
local ticker = thread.spawn(function()
  local n = 0
  while running do
    n = n + 1
    stamps[n] = sys.monotonic()
    thread.sleep(tick)
  end
end)

-- Longest gap between consecutive ticks that overlaps the window [from, to].
local function longest_gap(from, to)
  local longest = 0
  for j = 2, #stamps do
    local a, b = stamps[j - 1], stamps[j]
    if b > from and a < to and b - a > longest then longest = b - a end
  end
  return longest
end

local windows = {}
local function window(name, fn)
  local from = sys.monotonic()
  fn(seconds)
  windows[name] = {from, sys.monotonic()}
  thread.sleep(0.02)  -- let the ticker record the end of the window
end

thread.sleep(0.05)
window("idle", thread.sleep)
window("hold", work.hold_gil)
window("release", work.release_gil)
running = false
ticker:join()

local function gap_ms(name)
  return longest_gap(windows[name][1], windows[name][2]) * 1e3
end
local line = string.format(
  '{"bench":"hold_vs_release","policy":"%s","seconds":%.3f,"idle_gap_ms":%.3f,' ..
    '"hold_gap_ms":%.3f,"release_gap_ms":%.3f,"ticks":%d}',
  gil.policy(), seconds, gap_ms("idle"), gap_ms("hold"), gap_ms("release"), #stamps)
print(line)
