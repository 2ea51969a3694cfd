-- convoy.lua — the convoy effect: an I/O-bound thread's round trips while a
-- CPU-bound thread runs.
--
--   gilvm --gil-policy=P bench/gil/convoy.lua [seconds]
--
-- The main thread sends one byte to an echo peer (work.echo(): a native
-- thread that never takes the GIL, like a server in another process) and
-- waits for it to come back, again and again, for `seconds` alone and then
-- for `seconds` while a CPU-bound Lua thread spins. Every recv releases the
-- GIL, and so does every send; getting it back is what the policy decides.
-- CPython 3.11: 75k round trips/s alone, 76/s with the spinner (median
-- 15.5 ms). Prints one JSON line: round trips per second, median and p99
-- round-trip time (µs) for each phase, the longest round trip beside the
-- spinner, the GIL switches then, and the spinner's share of a CPU.

local seconds = tonumber(arg[1]) or 1.5

local function round_trips(conn, duration)
  local times = {}
  local start = sys.monotonic()
  local deadline = start + duration
  local now = start
  while now < deadline do
    local sent = now
    conn:send("x")
    conn:recv(1)
    now = sys.monotonic()
    times[#times + 1] = now - sent
  end
  table.sort(times)
  return {
    per_second = #times / (now - start),
    median_us = times[(#times + 1) // 2] * 1e6,
    p99_us = times[math.max(1, math.ceil(#times * 0.99))] * 1e6,
    max_us = times[#times] * 1e6,
  }
end

-- The CPU-bound thread counts its batches of work, so that its share of a
-- CPU during the busy phase can be told: its rate of batches then against
-- its rate while the main thread sleeps.
local function spin(flag)
  while not flag.stop do
    local s = 0
    for i = 1, 1000 do
      s = s + i % 7
    end
    flag.batches = flag.batches + 1
  end
end

-- Batches per second done by the spinner while `fn` runs.
local function batch_rate(flag, fn, ...)
  local batches, t0 = flag.batches, sys.monotonic()
  local result = fn(...)
  return (flag.batches - batches) / (sys.monotonic() - t0), result
end

local conn = work.echo()
round_trips(conn, 0.05)  -- warm up
local alone = round_trips(conn, seconds)

local flag = {stop = false, batches = 0}
local spinner = thread.spawn(spin, flag)
thread.sleep(0.01)  -- let the spinner start
local spinner_alone = batch_rate(flag, thread.sleep, 0.2)
gil.reset_stats()
local spinner_busy, busy = batch_rate(flag, round_trips, conn, seconds)
local spinner_share = spinner_busy / spinner_alone
local stats = gil.stats()
flag.stop = true
spinner:join()
conn:close()

local line = string.format(
  '{"bench":"convoy","policy":"%s","interval":%.6f,"alone_per_s":%.1f,"alone_median_us":%.1f,' ..
    '"alone_p99_us":%.1f,"busy_per_s":%.1f,"busy_median_us":%.1f,"busy_p99_us":%.1f,' ..
    '"busy_max_us":%.1f,"busy_switches":%d,"spinner_share":%.3f}',
  gil.policy(), gil.switchinterval(), alone.per_second, alone.median_us, alone.p99_us,
  busy.per_second, busy.median_us, busy.p99_us, busy.max_us, stats.switches, spinner_share)
print(line)
