-- tour.lua — the tour of trade-offs that `make demo` runs.
--
-- Each row measures one way of running the same work on this build and shows
-- its speed-up over the first row of its group. The VM core gave the first
-- group (a CPU-bound Lua function); the GIL gives threads: CPU-bound and
-- I/O-bound work split over 1, 2 and 8 threads, and what a native call that
-- keeps the GIL does to another thread compared with one that releases it.
-- The event loop shows how CPU-bound work in a thread pool delays it, under
-- the default GIL policy and under `priority`. The pools add the way out of
-- the GIL: the same CPU-bound work in worker processes and in
-- subinterpreters, and what starting a worker costs. The free-threaded
-- build adds its column.

local function cpu_work(n)
  -- A mix of calls, arithmetic and table traffic.
  local t, acc = {}, 0
  for i = 1, 1024 do t[i] = 0 end
  for i = 1, n do
    t[i % 1024 + 1] = i
    acc = (acc + t[(i * 7) % 1024 + 1]) % 1000003
  end
  return acc
end

local function io_work(n, seconds)
  for _ = 1, n do work.io(seconds) end
  return n
end

-- Runs fn(share, ...) on `threads` threads, each with 1/threads of `total`,
-- and returns the elapsed time and the sum of the results.
local function in_threads(threads, total, fn, ...)
  local start = sys.monotonic()
  local handles = {}
  for i = 1, threads do handles[i] = thread.spawn(fn, total // threads, ...) end
  local sum = 0
  for i = 1, threads do sum = sum + handles[i]:join() end
  return sys.monotonic() - start, sum
end

-- The longest gap, in seconds, between the steps of a thread that sleeps
-- 1 ms at a time, while `call(seconds)` runs on this one.
local function longest_stall(call, seconds)
  local stop = sync.event()
  local ticker = thread.spawn(function()
    local longest, last = 0, sys.monotonic()
    while not stop:is_set() do
      thread.sleep(0.001)
      local now = sys.monotonic()
      if now - last > longest then longest = now - last end
      last = now
    end
    return longest
  end)
  thread.sleep(0.02)  -- let the ticker start
  call(seconds)
  stop:set()
  return ticker:join()
end

local base = {}
local function row(group, label, seconds)
  base[group] = base[group] or seconds
  print(string.format("  %-46s %8.3f s  %6.2fx", label, seconds, base[group] / seconds))
end

print(string.format("gilvm tour — build: %s, %d usable cores, GIL: %s (policy %s, switch interval %g ms)",
  sys.build, sys.cpu_count(), tostring(gil.enabled()), gil.policy(), gil.switchinterval() * 1000))
print(string.format("  %-46s %10s  %7s", "", "time", "speed-up"))

print("\nCPU-bound Lua, 16,000,000 iterations in all")
for _, n in ipairs({ 1, 2, 8 }) do
  row("cpu", string.format("%d thread%s", n, n > 1 and "s" or ""), in_threads(n, 16000000, cpu_work))
end

print("\nI/O-bound: 16 blocking waits of 20 ms in all (work.io releases the GIL)")
for _, n in ipairs({ 1, 2, 8 }) do
  local seconds = in_threads(n, 16, io_work, 0.02)
  row("io", string.format("%d thread%s", n, n > 1 and "s" or ""), seconds)
end

print("\nA 0.3 s native call on the main thread: longest stall of a 1 ms ticker thread")
local held = longest_stall(work.hold_gil, 0.3)
local released = longest_stall(work.release_gil, 0.3)
print(string.format("  %-46s %8.3f s", "work.hold_gil (keeps the GIL)", held))
print(string.format("  %-46s %8.3f s", "work.release_gil (releases it)", released))

-- The event loop's lag beside CPU-bound jobs in a thread pool: this program
-- runs bench/loop/ticker_lag.lua under each policy (a policy is chosen when
-- an interpreter starts).
local here = arg[0]:match("^(.*)/[^/]*$") or "."
local ticker = here .. "/../bench/loop/ticker_lag.lua"
local function ticker_lag(policy, jobs)
  local command = string.format("%q --gil-policy=%s %q %d 1", arg[-1], policy, ticker, jobs)
  local pipe = assert(io.popen(command))
  local line = pipe:read("a")
  pipe:close()
  return tonumber(line:match('"p50_ms":([%d.]+)')), tonumber(line:match('"p99_ms":([%d.]+)'))
end
print("\nEvent loop: lag of a 1 ms ticker while CPU-bound Lua jobs run in executor.threads")
print(string.format("  %-46s %10s  %9s", "", "lag p50", "lag p99"))
for _, policy in ipairs({ "interval", "priority" }) do
  for _, jobs in ipairs({ 0, 2 }) do
    local p50, p99 = ticker_lag(policy, jobs)
    if p50 then
      print(string.format("  %-46s %7.3f ms  %6.3f ms",
        string.format("policy %s, %d job%s", policy, jobs, jobs == 1 and "" or "s"), p50, p99))
    end
  end
end

-- Runs `total` iterations of cpu_work split over a warm pool of `workers`,
-- and returns the elapsed time: the pool's workers are started beforehand,
-- so that their start-up does not count (it is measured below).
local function in_pool(kind, workers, total)
  local pool = executor[kind](workers)
  local warm = {}
  for i = 1, workers do warm[i] = pool:submit(function() thread.sleep(0.05) end) end
  for i = 1, workers do warm[i]:result() end
  local start = sys.monotonic()
  local jobs = {}
  for i = 1, workers do jobs[i] = pool:submit(cpu_work, total // workers) end
  for i = 1, workers do jobs[i]:result() end
  local seconds = sys.monotonic() - start
  pool:shutdown()
  return seconds
end

print("\nCPU-bound Lua in pools, 16,000,000 iterations in all: threads share one GIL;")
print("worker processes and subinterpreters each have their own")
for _, kind in ipairs({ "threads", "processes", "interpreters" }) do
  for _, n in ipairs({ 1, 2 }) do
    row("pools", string.format("executor.%s(%d)", kind, n), in_pool(kind, n, 16000000))
  end
end

-- A fresh pool of one worker: the time to its first result, less a warm
-- pool's round trip; the median of 10.
local function start_up(kind)
  local times = {}
  for i = 1, 10 do
    local pool = executor[kind](1)
    local t0 = sys.monotonic()
    pool:submit(function() end):result()
    local first = sys.monotonic() - t0
    t0 = sys.monotonic()
    pool:submit(function() end):result()
    times[i] = first - (sys.monotonic() - t0)
    pool:shutdown()
  end
  table.sort(times)
  return times[5]
end

print("\nStart-up of a pool's worker (first job on a fresh pool, less a round trip)")
for _, kind in ipairs({ { "threads", "a thread" }, { "interpreters", "a subinterpreter" },
  { "processes", "a worker process" } }) do
  print(string.format("  %-46s %8.3f ms", kind[2] .. " (executor." .. kind[1] .. ")", start_up(kind[1]) * 1e3))
end

-- Free threading: CPU-bound Lua on 1 and 2 threads that read what every
-- thread shares (module tables through _ENV, one string, one table of
-- constants). With a GIL the second thread gains nothing; without one, on
-- two free cores, it should nearly halve the time. Then one thread's speed
-- on this build: compare that row across the two builds' tours for what
-- free threading costs a single thread (bench/ft_run.py measures both).
local SHARED_TEXT = "the quick brown fox jumps over the lazy dog....." -- 48 bytes
local SHARED_WEIGHTS = { 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3 }
-- An iteration's value depends on i modulo 336, and each thread's share is a
-- whole number of periods, so both runs must compute the same sum.
local function shared_reads(n)
  local acc = 0
  for i = 1, n do
    local byte = string.byte(SHARED_TEXT, i % 48 + 1)
    acc = acc + (byte * 31 + SHARED_WEIGHTS[i % 16 + 1]) % 1009 + math.floor(i % 21 / 3)
  end
  return acc
end

print(string.format("\nFree threading on the %s build (GIL %s): CPU-bound Lua reading shared",
  sys.build, gil.enabled() and "on" or "off"))
print("tables, 5,040,000 iterations in all")
local sums = {}
for _, n in ipairs({ 1, 2 }) do
  local seconds
  seconds, sums[n] = in_threads(n, 5040000, shared_reads)
  row("ft", string.format("%d thread%s", n, n > 1 and "s" or ""), seconds)
end
assert(sums[1] == sums[2], "the 1- and 2-thread runs computed different sums")
local t0 = sys.monotonic()
cpu_work(3000000)
local single = sys.monotonic() - t0
print(string.format("  %-46s %8.3f s  %5.1f M iterations/s",
  string.format("one thread, %s build: 3M iterations", sys.build), single, 3 / single))

print(string.format("\ndone on the %s build", sys.build))
