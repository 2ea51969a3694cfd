-- tour.lua — the experiments behind the table that `make demo` prints.
--
-- The same work, run the ways a Lua program can run it: in threads of this
-- interpreter (which share its GIL, or run in parallel in gilvm-ft), in
-- subinterpreters and in worker processes (a GIL each), and as tasks of an
-- event loop (one thread, taking turns). bench/tour.py runs this script
-- under both builds, several times, and merges what it prints into one
-- table; docs/tour.md tells what each row shows and what to try next.
--
--   gilvm scripts/tour.lua [--quick] [EXPERIMENT [WAY...]]
--
-- EXPERIMENT (default: all of them, in this order):
--   cpu      CPU-bound Lua work split over 1, 2 and 4 workers: seconds
--   io       8 blocking waits on 1 worker, then on 8: seconds
--   lag      a 1 ms ticker on the event loop while 2 CPU-bound jobs run
--            beside it: how late its timers fire (way `alone`: no jobs)
--   stall    a 1 ms ticker's longest gap while one native call runs that
--            keeps its GIL (work.hold_gil), then one that releases it
--   convoy   blocking round trips to an echo peer while a CPU-bound thread
--            runs: each reply must win the GIL back
--   startup  the time a fresh worker (or task) takes to start
-- WAY (default: every way the experiment has):
--   threads       executor.threads
--   interpreters  executor.interpreters (subinterpreters)
--   processes     executor.processes (worker processes)
--   loop          tasks on this thread's event loop
--
-- Each measurement is one JSON line on stdout: the experiment, the way, the
-- build, the GIL policy and the figures, times in seconds. A run measures
-- everything once; medians, spreads and verdicts are the driver's work.
-- --quick makes every experiment smaller, for the tests and
-- `make demo QUICK=1`.

local quick = false
local request = {}
for _, a in ipairs(arg) do
  if a == "--quick" then
    quick = true
  else
    request[#request + 1] = a
  end
end

-- Work sizes: a full run, a quick one. The CPU work takes one worker about
-- 0.2 s (0.06 s quick) of CPU time on the 2-core development VM.
local SIZE = quick
    and { cpu_iterations = 2000000, io_wait = 0.01, lag_seconds = 0.15, call_seconds = 0.05,
          convoy_seconds = 0.12, startups = 5 }
    or { cpu_iterations = 7000000, io_wait = 0.02, lag_seconds = 0.5, call_seconds = 0.1,
         convoy_seconds = 0.3, startups = 10 }

local POLICY = gil.enabled() and gil.policy() or "none"

-- One line of JSON; the keys in a fixed order, so that lines compare.
local function emit(experiment, way, figures)
  local fields = { string.format('"experiment":"%s","way":"%s","build":"%s","policy":"%s"',
    experiment, way, sys.build, POLICY) }
  local keys = {}
  for key in pairs(figures) do keys[#keys + 1] = key end
  table.sort(keys)
  for _, key in ipairs(keys) do
    local value = figures[key]
    local text = math.type(value) == "float" and string.format("%.9g", value)
        or type(value) == "string" and string.format("%q", value) or tostring(value)
    fields[#fields + 1] = string.format('"%s":%s', key, text)
  end
  print("{" .. table.concat(fields, ",") .. "}")
end

local function median(values)
  table.sort(values)
  return values[(#values + 1) // 2]
end

-- The ways. A pool is started and warmed before anything is timed: as many
-- jobs as workers, each waiting long enough for the others to be taken, so
-- every worker has started (and, in a worker process, loaded) before the
-- first timed job.
local function warm_pool(way, workers)
  local pool = executor[way](workers)
  local warm = {}
  for k = 1, workers do warm[k] = pool:submit(thread.sleep, 0.02) end
  for k = 1, workers do warm[k]:result() end
  return pool
end

-- Runs the jobs, each a list {fn, args...}, at the same time in `pool` (or
-- as tasks of a new event loop when the way is "loop"), and returns the
-- seconds until the last one finished and the list of their results.
local function run_jobs(way, pool, jobs)
  local t0 = sys.monotonic()
  local results = {}
  if way == "loop" then
    loop.run(function()
      local tasks = {}
      for k, job in ipairs(jobs) do tasks[k] = loop.spawn(table.unpack(job)) end
      for k, task in ipairs(tasks) do results[k] = await(task) end
    end)
  else
    local futures = {}
    for k, job in ipairs(jobs) do futures[k] = pool:submit(table.unpack(job)) end
    for k, future in ipairs(futures) do results[k] = future:result() end
  end
  return sys.monotonic() - t0, results
end

-- Runs body(pool) with a warm pool of `workers` for the way (none for the
-- loop), and shuts the pool down afterwards.
local function with_pool(way, workers, body)
  local pool = way ~= "loop" and warm_pool(way, workers)
  body(pool)
  if pool then pool:shutdown() end
end

-- CPU-bound work: ordinary Lua, a call and a table write and read per
-- iteration. Its value is a sum over i, so any split of 1..n into ranges
-- sums to the same total, which every run checks. `mix` stays a local of
-- the main chunk, as in ordinary scripts; to gilvm-ft's worker threads it
-- is another thread's open upvalue, which costs them (docs/tour.md).
local function mix(x)
  return (x * 31 + 7) % 1009
end

local function cpu_share(first, last)
  local scratch, acc = {}, 0
  for i = first, last do
    local slot = i % 64 + 1
    scratch[slot] = i
    acc = acc + mix(scratch[slot])
  end
  return acc
end

-- Spins until the monotonic clock passes `deadline` (a job that stays
-- CPU-bound for a set time, however fast the machine).
local function spin_until(deadline)
  local x = 0
  while sys.monotonic() < deadline do
    for i = 1, 1000 do x = x + i % 7 end
  end
  return x
end

local experiments = {}

experiments.cpu = {
  ways = { "threads", "interpreters", "processes", "loop" },
  run = function(way)
    local total = SIZE.cpu_iterations
    local expected
    with_pool(way, 4, function(pool)
      for _, workers in ipairs({ 1, 2, 4 }) do
        local jobs, each = {}, total // workers
        for k = 1, workers do
          jobs[k] = { cpu_share, (k - 1) * each + 1, k == workers and total or k * each }
        end
        local seconds, results = run_jobs(way, pool, jobs)
        local sum = 0
        for _, r in ipairs(results) do sum = sum + r end
        expected = expected or sum
        assert(sum == expected, "the CPU work summed differently on " .. workers .. " workers")
        emit("cpu", way, { workers = workers, seconds = seconds })
      end
    end)
  end,
}

experiments.io = {
  ways = { "threads", "interpreters", "processes", "loop" },
  run = function(way)
    -- A blocking wait releases the GIL (work.io, like a socket read); on
    -- the loop, a wait is a timer the task awaits (loop.sleep).
    local wait = way == "loop" and loop.sleep or work.io
    local function waits(n, seconds)
      for _ = 1, n do wait(seconds) end
      return n
    end
    with_pool(way, 8, function(pool)
      for _, workers in ipairs({ 1, 8 }) do
        local jobs = {}
        for k = 1, workers do jobs[k] = { waits, 8 // workers, SIZE.io_wait } end
        local seconds = run_jobs(way, pool, jobs)
        emit("io", way, { workers = workers, seconds = seconds })
      end
    end)
  end,
}

experiments.lag = {
  ways = { "threads", "interpreters", "processes", "alone" },
  run = function(way)
    local jobs = way == "alone" and 0 or 2
    local pool = jobs > 0 and warm_pool(way, jobs)
    local lag = loop.run(function()
      -- The jobs spin to the end of the ticker's window.
      local deadline = sys.monotonic() + 0.05 + SIZE.lag_seconds
      local running = {}
      for k = 1, jobs do running[k] = loop.run_in_executor(pool, spin_until, deadline) end
      loop.sleep(0.05) -- the jobs are running
      loop.lag(true)
      while sys.monotonic() < deadline do loop.sleep(0.001) end
      local lag = loop.lag()
      for k = 1, jobs do await(running[k]) end
      return lag
    end)
    if pool then pool:shutdown() end
    emit("lag", way,
      { jobs = jobs, p50 = lag.p50, p99 = lag.p99, max = lag.max, samples = lag.samples })
  end,
}

-- The longest gap between the steps of a ticker that sleeps 1 ms at a
-- time, while call() runs: a thread of this interpreter, or with the way
-- "loop" a task of the loop that call runs in.
local function longest_tick_gap(way, call)
  local function tick(sleep, stop)
    local longest, last = 0, sys.monotonic()
    while not stop() do
      sleep(0.001)
      local now = sys.monotonic()
      if now - last > longest then longest = now - last end
      last = now
    end
    return longest
  end
  if way == "loop" then
    return loop.run(function()
      local done = false
      local ticker = loop.spawn(tick, loop.sleep, function() return done end)
      loop.sleep(0.01)
      call()
      done = true
      return await(ticker)
    end)
  end
  local done = sync.event()
  local ticker = thread.spawn(tick, thread.sleep, function() return done:is_set() end)
  thread.sleep(0.01)
  call()
  done:set()
  return ticker:join()
end

experiments.stall = {
  ways = { "threads", "interpreters", "processes", "loop" },
  run = function(way)
    -- The call runs in a worker of the way; on the loop, in the loop's
    -- default thread pool (loop.to_thread), as asyncio programs do.
    with_pool(way, 1, function(pool)
      for _, name in ipairs({ "hold_gil", "release_gil" }) do
        local native = work[name]
        local gap = longest_tick_gap(way, function()
          if way == "loop" then
            await(loop.to_thread(native, SIZE.call_seconds))
          else
            pool:submit(native, SIZE.call_seconds):result()
          end
        end)
        emit("stall", way, { call = name, seconds = SIZE.call_seconds, gap = gap })
      end
    end)
  end,
}

experiments.convoy = {
  ways = { "threads" },
  run = function(way)
    local conn = work.echo()
    local function round_trip()
      local t0 = sys.monotonic()
      conn:send("x")
      conn:recv(1)
      return sys.monotonic() - t0
    end
    for _ = 1, 50 do round_trip() end -- warm up
    local stop = sync.event()
    local spinner = thread.spawn(function()
      while not stop:is_set() do
        for i = 1, 1000 do local _ = i % 7 end
      end
    end)
    thread.sleep(0.01) -- the spinner is running
    local times, deadline = {}, sys.monotonic() + SIZE.convoy_seconds
    repeat
      times[#times + 1] = round_trip()
    until sys.monotonic() >= deadline
    stop:set()
    spinner:join()
    emit("convoy", way, { trips = #times, median = median(times) })
  end,
}

experiments.startup = {
  ways = { "threads", "interpreters", "processes", "loop" },
  run = function(way)
    local times = {}
    for k = 1, SIZE.startups do
      collectgarbage() -- not in the middle of a timing
      if way == "loop" then
        -- A task: spawned, run, its result awaited.
        times[k] = loop.run(function()
          local t0 = sys.monotonic()
          await(loop.spawn(function() end))
          return sys.monotonic() - t0
        end)
      else
        -- A fresh pool of one worker: its first job, less its second (so:
        -- starting the worker, without a job's round trip).
        local pool = executor[way](1)
        local t0 = sys.monotonic()
        pool:submit(mix, 1):result()
        local first = sys.monotonic() - t0
        t0 = sys.monotonic()
        pool:submit(mix, 2):result()
        times[k] = first - (sys.monotonic() - t0)
        pool:shutdown()
      end
    end
    emit("startup", way, { seconds = median(times) })
  end,
}

local ORDER = { "cpu", "io", "lag", "stall", "convoy", "startup" }

local function usage(message, ...)
  io.stderr:write("tour.lua: ", string.format(message, ...), "\n",
    "usage: gilvm scripts/tour.lua [--quick] [EXPERIMENT [WAY...]]\n")
  os.exit(2)
end

local function known(list, name)
  for _, x in ipairs(list) do
    if x == name then return true end
  end
  return false
end

-- Every name is checked before anything runs.
local selected = request[1] and { table.remove(request, 1) } or ORDER
for _, name in ipairs(selected) do
  local experiment = experiments[name]
  if not experiment then
    usage("unknown experiment '%s' (expected one of %s)", name, table.concat(ORDER, ", "))
  end
  for _, way in ipairs(request) do
    if not known(experiment.ways, way) then
      usage("experiment '%s' has no way '%s' (expected one of %s)", name, way,
        table.concat(experiment.ways, ", "))
    end
  end
end
for _, name in ipairs(selected) do
  for _, way in ipairs(#request > 0 and request or experiments[name].ways) do
    experiments[name].run(way)
  end
end
