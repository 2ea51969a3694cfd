-- convoy.lua — the convoy effect, the `priority` policy, and why the result
-- depends on the machine.
--
--   gilvm scripts/convoy.lua [--quick]
--
-- What it shows. One thread does request/response round trips with an echo
-- peer over a socketpair (work.echo(): a native thread that never takes the
-- GIL, like a server in another process), first alone, then while a
-- CPU-bound Lua thread spins. Every send and every recv releases the GIL,
-- and the CPU-bound thread takes it. Under the default `interval` policy
-- the I/O thread then waits a whole switch interval before it may ask for it
-- back: a round trip that takes 20 µs alone takes two intervals (about
-- 10 ms), because it makes two blocking calls. That is the convoy effect
-- (CPython 3.11 on this project's 2-core VM: 10.3 ms, 102 round trips/s).
-- Under `priority`, a thread coming back from a blocking call goes first and
-- asks the holder to drop the GIL at once: tens of µs, at the price of the
-- CPU-bound thread's share of a core.
--
-- The convoy needs an idle core. It happens when the I/O thread's blocking
-- call wakes the waiting CPU-bound thread and that thread, on the other
-- core, takes the GIL before the call returns. With one other busy process
-- on a 2-core machine, there is no free core: the woken CPU-bound thread
-- waits for the kernel to run it, the short call returns first, and the I/O
-- thread takes the GIL straight back. The convoy vanishes, for CPython too
-- (measured here: gilvm 11-26 µs, CPython 26 µs per round trip, against
-- 5.1-10.4 ms and 10.3 ms on a quiet machine). So this script measures both
-- conditions: as the machine is, and beside a busy process it starts itself.
-- A machine already busy with other work shows no convoy in either.
--
-- Each measurement runs in a child process of the same gilvm (a policy is
-- chosen when an interpreter starts): `gilvm --gil-policy=P convoy.lua
-- --child SECONDS`.
--
-- What to look at. Each row gives round trips per second and the median
-- round trip alone, then beside the CPU-bound thread (the spinner), and the
-- spinner's share of a core meanwhile (against its rate with the I/O thread
-- asleep). Compare the median beside the spinner under `interval`, as the
-- machine is against beside a busy process; then `priority` in both, and
-- what each costs the spinner.
--
-- What to try next. gilvm --switch-interval=0.001 scripts/convoy.lua (the
-- children inherit it: the convoy shrinks with the interval);
-- bench/gil/convoy.lua and bench/peers/convoy.py, the same experiment with
-- CPython beside it (make bench-gil); --gil-policy=fifo by hand.

-- The measurement, in a child process ---------------------------------------

-- Round trips of one byte for `duration` seconds: per second and the median
-- in µs.
local function round_trips(connection, duration)
  local times = {}
  local start = sys.monotonic()
  local now = start
  while now < start + duration do
    local sent = now
    connection:send("x")
    connection:recv(1)
    now = sys.monotonic()
    times[#times + 1] = now - sent
  end
  table.sort(times)
  return #times / (now - start), times[(#times + 1) // 2] * 1e6
end

-- The CPU-bound thread counts batches of work, so that its share of a core
-- beside the round trips can be told from its rate alone.
local function spin(flag)
  while not flag.stop do
    local s = 0
    for i = 1, 1000 do s = s + i % 7 end
    flag.batches = flag.batches + 1
  end
end

local function batch_rate(flag, fn, ...)
  local batches, t0 = flag.batches, sys.monotonic()
  local a, b = fn(...)
  return (flag.batches - batches) / (sys.monotonic() - t0), a, b
end

-- Prints one line: alone per second and median µs, beside the spinner per
-- second and median µs, the spinner's share of a core.
local function child(seconds)
  local connection = work.echo()
  round_trips(connection, 0.05)  -- warm up
  local alone_per_s, alone_us = round_trips(connection, seconds)
  local flag = { stop = false, batches = 0 }
  local spinner = thread.spawn(spin, flag)
  while flag.batches == 0 do thread.sleep(0.001) end  -- it is running
  local spinner_alone = batch_rate(flag, thread.sleep, seconds / 2)
  local spinner_busy, busy_per_s, busy_us = batch_rate(flag, round_trips, connection, seconds)
  flag.stop = true
  spinner:join()
  connection:close()
  print(string.format("%.1f %.1f %.1f %.1f %.3f", alone_per_s, alone_us, busy_per_s, busy_us,
    spinner_busy / spinner_alone))
end

if arg[1] == "--child" then
  child(tonumber(arg[2]))
  return
end

-- The experiment ------------------------------------------------------------

local quick = arg[1] == "--quick"
local seconds = quick and 0.25 or 1
local rounds = quick and 1 or 3
local cores = sys.cpu_count()
local interval = gil.switchinterval()

local here = arg and arg[0] and arg[0]:match("^(.*)/") or "."
package.path = here .. "/lib/?.lua;" .. package.path
local example = require("example")
local load_average, shell_quote = example.load_average, example.shell_quote

-- This gilvm: the lowest index of `arg` (options come between it and the
-- script).
local first = -1
while arg[first - 1] do first = first - 1 end
local gilvm = shell_quote(arg[first])

-- On the free-threaded build there is no policy to choose, unless the GIL
-- was turned back on (--gil=on), which the children then get too.
local policies = gil.enabled() and { "interval", "priority" } or { "none" }
local function measure(policy)
  local options = gil.enabled()
      and string.format("--gil-policy=%s --switch-interval=%.6f", policy, interval) or ""
  if sys.build == "free-threaded" and gil.enabled() then options = "--gil=on " .. options end
  local command = string.format("%s %s %s --child %g", gilvm, options, shell_quote(arg[0]),
    seconds)
  local pipe = assert(io.popen(command))
  local line = pipe:read("a")
  assert(pipe:close(), "the measurement failed: " .. command)
  local figures = {}
  for number in line:gmatch("%S+") do figures[#figures + 1] = tonumber(number) end
  assert(#figures == 5, "unexpected output from " .. command .. ": " .. line)
  return {
    alone_per_s = figures[1], alone_us = figures[2], busy_per_s = figures[3],
    busy_us = figures[4], share = figures[5],
  }
end

-- Another program keeping a core busy: a gilvm spinning until its standard
-- input closes. One thread waits on stdin (without the GIL); when it ends,
-- the waiting thread gets the GIL within a switch interval and exits.
local BUSY = [[
thread.spawn(function() io.read("a") os.exit(0) end)
local x = 0
while true do x = x + 1 end
]]
local function start_busy_process()
  local busy = assert(io.popen(string.format("%s -e %s", gilvm, shell_quote(BUSY)), "w"))
  thread.sleep(0.1)  -- it is spinning
  return busy
end

print(string.format("convoy.lua — round trips to an echo peer beside a CPU-bound thread, %g s"
  .. " per phase%s", seconds, quick and " (quick)" or ""))
print(string.format("machine: %d cores, %s build, GIL %s, switch interval %g ms, load average %s"
  .. " at start", cores, sys.build, gil.enabled() and "on" or "off", interval * 1e3,
  load_average()))

local conditions = {
  { label = "as the machine is" },
  { label = "beside a busy process", busy = true },
}
local load_before_quiet = tonumber(load_average()) or 0
for _, condition in ipairs(conditions) do
  local busy = condition.busy and start_busy_process()
  condition.results = {}
  for _, policy in ipairs(policies) do
    local runs = {}
    for r = 1, rounds do runs[r] = measure(policy) end
    condition.results[policy] = runs
  end
  if busy then busy:close() end
end

local function median_of(runs, field)
  local xs = {}
  for r, run in ipairs(runs) do xs[r] = run[field] end
  table.sort(xs)
  return xs[(#xs + 1) // 2]
end

print(string.format("  %-22s %-9s %14s %14s %14s %15s %9s", "condition", "policy",
  "alone trips/s", "alone median", "beside trips/s", "beside median", "spinner"))
for _, condition in ipairs(conditions) do
  for _, policy in ipairs(policies) do
    local runs = condition.results[policy]
    print(string.format("  %-22s %-9s %14.0f %11.1f µs %14.0f %12.1f µs %8.0f%%", condition.label,
      policy, median_of(runs, "alone_per_s"), median_of(runs, "alone_us"),
      median_of(runs, "busy_per_s"), median_of(runs, "busy_us"), median_of(runs, "share") * 100))
  end
end
print(string.format("load average %s at end", load_average()))

-- The conclusion is read off every run: a convoy when the round trip beside
-- the spinner takes at least half a switch interval, none when it stays
-- within 200 µs; runs on different sides (or in between) make it unclear.
local function verdict(runs)
  local convoy, none = true, true
  for _, run in ipairs(runs) do
    if run.busy_us < 0.5 * interval * 1e6 then convoy = false end
    if run.busy_us > 200 then none = false end
  end
  return convoy and "convoy" or none and "none" or "unclear"
end
local function figure(runs)
  local us = median_of(runs, "busy_us")
  return us >= 1000 and string.format("%.1f ms", us / 1e3) or string.format("%.0f µs", us)
end

local quiet, loaded = conditions[1].results, conditions[2].results
local conclusion
if not gil.enabled() then
  conclusion = string.format("no GIL on this build, so no convoy: round trips beside the spinner"
    .. " take %s (as the machine is) and %s (beside a busy process)", figure(quiet.none),
    figure(loaded.none))
else
  local parts = {}
  local q, b = verdict(quiet.interval), verdict(loaded.interval)
  if q == "convoy" and b == "none" then
    parts[#parts + 1] = string.format("under interval the convoy costs %s per round trip while a"
      .. " core is free, and vanishes beside a busy process (%s): the woken CPU-bound thread no"
      .. " longer finds a free core before the I/O thread takes the GIL back",
      figure(quiet.interval), figure(loaded.interval))
  elseif q == "none" and b == "none" then
    parts[#parts + 1] = string.format("no convoy under interval even without our busy process"
      .. " (%s): the machine is already busy (load average %.2f on %d cores), so the woken"
      .. " CPU-bound thread finds no free core; run it on a quiet machine to see the convoy",
      figure(quiet.interval), load_before_quiet, cores)
  elseif q == "convoy" and b == "convoy" then
    parts[#parts + 1] = string.format("under interval the convoy costs %s per round trip, and %s"
      .. " even beside a busy process (more cores than busy programs?)", figure(quiet.interval),
      figure(loaded.interval))
  else
    parts[#parts + 1] = string.format("noisy: machine busy (under interval %s as the machine is,"
      .. " %s beside a busy process; load average %s)", figure(quiet.interval),
      figure(loaded.interval), load_average())
  end
  local pq, pb = verdict(quiet.priority), verdict(loaded.priority)
  if pq == "none" and pb == "none" then
    parts[#parts + 1] = string.format("priority avoids it in both (%s, %s), leaving the spinner"
      .. " %.0f%% of a core", figure(quiet.priority), figure(loaded.priority),
      median_of(quiet.priority, "share") * 100)
  else
    parts[#parts + 1] = string.format("priority: %s and %s (noisy: machine busy?)",
      figure(quiet.priority), figure(loaded.priority))
  end
  conclusion = table.concat(parts, "; ")
end
print("conclusion: " .. conclusion)
