-- http_service.lua — a web service whose handlers do CPU-bound work, the
-- FastAPI example from the GIL debate made runnable in gilvm.
--
--   gilvm scripts/http_service.lua [--host 127.0.0.1] [--port 8000] [--workers 2]
--                                  [--job lua|hold] [--job-size N] [--timeout S]
--
-- It prints "listening on http://HOST:PORT" once it accepts connections
-- (--port 0 picks a free port) and serves until Ctrl-C:
--
--   GET  /ping              200 "pong", at once
--   GET  /gil-blocking      the CPU job in a thread pool (executor.threads):
--                           it needs the GIL the loop needs too
--   GET  /gil-non-blocking  the same job in worker processes (executor.processes),
--                           each with a GIL of its own
--   POST /jobs              202 {"id": N} at once; the job runs in the process pool
--   GET  /jobs/N            {"id":N,"status":"pending"}, or "done" with its result
--   GET  /stats             the loop's lag (p50, p99, max) and the GIL's statistics;
--                           /stats?reset=1 starts both afresh after reading them
--
-- What to look at: drive it with scripts/http_load.py (or curl) and watch
-- /ping while heavy requests are in flight. Through the thread pool, every
-- /ping waits for the GIL: under the default policy, `interval`, a thread
-- that wants the GIL waits up to the switch interval (5 ms) before it asks
-- the job to drop it, and the loop needs it several times per request.
-- Through the process pool the loop keeps its GIL and /ping stays fast.
-- Then try --gil-policy=priority (the loop takes the GIL ahead of the jobs),
-- --job hold (a native call that keeps the GIL for the whole job, like
-- CPython's pow on big integers: no policy can take it back), and the
-- free-threaded build, gilvm-ft, where the thread pool has no GIL to share.
--
-- The job, --job lua (the default), is plain Lua arithmetic: the CPU work a
-- Lua handler really does, and the VM polls its eval breaker in it, so the
-- GIL's policy decides when the loop gets the GIL back. --job hold calls
-- work.hold_gil, native work that never lets the GIL go, as the seed's
-- pow(365, 1_000_000) never does. --job-size is the Lua job's rounds
-- (default 35,000,000, about 0.6 s) or hold_gil's seconds (default 0.6).
-- --timeout (10 s) is how long a client may take to send a request.

local here = arg and arg[0] and arg[0]:match("^(.*)/") or "."
package.path = here .. "/lib/?.lua;" .. package.path
local http = require("http")

local USAGE = "usage: gilvm http_service.lua [--host H] [--port N] [--workers N] "
  .. "[--job lua|hold] [--job-size N] [--timeout S]"

local options = { host = "127.0.0.1", port = 8000, workers = 2, job = "lua", timeout = 10 }
local DEFAULT_SIZE = { lua = 35000000, hold = 0.6 }

local function usage_error(message)
  io.stderr:write("http_service: ", message, "\n", USAGE, "\n")
  os.exit(2)
end

do
  local numeric = { port = "integer", workers = "integer", ["job-size"] = "number", timeout = "number" }
  local i = 1
  while i <= #arg do
    local name = arg[i]:match("^%-%-([%w-]+)$")
    local value = arg[i + 1]
    if not name or (options[name] == nil and name ~= "job-size") or value == nil then
      usage_error("unexpected argument " .. arg[i])
    end
    if numeric[name] then
      local number = tonumber(value)
      if not number or number < 0 or (numeric[name] == "integer" and math.type(number) ~= "integer") then
        usage_error(("--%s takes a non-negative %s, not %s"):format(name, numeric[name], value))
      end
      value = number
    end
    options[name == "job-size" and "job_size" or name] = value
    i = i + 2
  end
  if not DEFAULT_SIZE[options.job] then usage_error("--job is lua or hold, not " .. options.job) end
  if options.workers < 1 then usage_error("--workers must be at least 1") end
  options.job_size = options.job_size or DEFAULT_SIZE[options.job]
end

-- The CPU-bound job: rounds of a linear congruential generator, all plain
-- Lua. It travels to a worker process as bytecode, so it may use nothing
-- but its argument.
local function lua_job(rounds)
  local x = 1
  for _ = 1, rounds do
    x = (x * 1103515245 + 12345) % 2147483648
  end
  return x
end

-- The same job as one native call that keeps the GIL throughout.
local function hold_job(seconds)
  work.hold_gil(seconds)
  return seconds
end

local job = options.job == "lua" and lua_job or hold_job

-- Runs the job in pool and answers with its result and how long it took.
local function run_job(pool)
  local started = loop.now()
  local result = await(pool:submit(job, options.job_size))
  return 200, { result = result, seconds = loop.now() - started }
end

-- Jobs posted to /jobs. Each has a task that awaits its future and records
-- the outcome, so the count of pending jobs is exact and GET /jobs/N never
-- blocks. Finished jobs are kept for KEEP_FINISHED more jobs, then
-- forgotten (404); more than MAX_PENDING unfinished jobs is 503.
local MAX_PENDING = 1000
local KEEP_FINISHED = 10000
local jobs = { next_id = 1, pending = 0, done = 0, failed = 0, by_id = {} }
-- Ids of finished jobs still kept, oldest first: finished[first..last].
local finished = { first = 1, last = 0 }

local function post_job(pool)
  if jobs.pending >= MAX_PENDING then
    return 503, { detail = ("%d jobs are pending; try again later"):format(jobs.pending) },
      { ["Retry-After"] = 1 }
  end
  local id = jobs.next_id
  jobs.next_id = id + 1
  local entry = { id = id, status = "pending" }
  jobs.by_id[id] = entry
  jobs.pending = jobs.pending + 1
  local future = pool:submit(job, options.job_size)
  loop.spawn(function()
    local ok, result = pcall(await, future)
    entry.status = ok and "done" or "failed"
    entry[ok and "result" or "error"] = ok and result or tostring(result)
    jobs.pending = jobs.pending - 1
    jobs[entry.status] = jobs[entry.status] + 1
    finished.last = finished.last + 1
    finished[finished.last] = id
    if finished.last - finished.first + 1 > KEEP_FINISHED then
      jobs.by_id[finished[finished.first]] = nil
      finished[finished.first] = nil
      finished.first = finished.first + 1
    end
  end)
  return 202, { id = id }
end

local function get_job(request)
  local entry = jobs.by_id[tonumber(request.params.id)]
  if not entry then return 404, { detail = "no job " .. request.params.id } end
  return 200, entry
end

local function stats(request, server)
  local lag = loop.lag()
  local g = gil.stats()
  local body = {
    build = sys.build,
    loop_lag = { p50_ms = lag.p50 * 1e3, p99_ms = lag.p99 * 1e3, max_ms = lag.max * 1e3, samples = lag.samples },
    gil = {
      enabled = gil.enabled(),
      policy = gil.policy(),
      switch_interval_ms = gil.switchinterval() * 1e3,
      acquisitions = g.acquisitions,
      switches = g.switches,
      forced_switches = g.forced_switches,
      hold_seconds = g.hold_seconds,
      wait_seconds = g.wait_seconds,
      longest_wait_ms = g.longest_wait_seconds * 1e3,
    },
    server = { connections = server.connections, requests = server.requests },
    jobs = { pending = jobs.pending, done = jobs.done, failed = jobs.failed },
  }
  if request.query and ("&" .. request.query .. "&"):find("&reset=1&", 1, true) then
    loop.lag(true)
    gil.reset_stats()
  end
  return 200, body
end

-- Serves until Ctrl-C; returns only if the server cannot start, with why.
local failure = loop.run(function()
  local threads, processes, server
  local app = http.router()
  app:route("GET", "/ping", function() return 200, "pong" end)
  app:route("GET", "/gil-blocking", function() return run_job(threads) end)
  app:route("GET", "/gil-non-blocking", function() return run_job(processes) end)
  app:route("POST", "/jobs", function() return post_job(processes) end)
  app:route("GET", "/jobs/{id}", get_job)
  app:route("GET", "/stats", function(request) return stats(request, server) end)

  local ok, result = pcall(http.serve, options.host, options.port, app, { timeout = options.timeout })
  if not ok then return tostring(result) end
  server = result
  threads = executor.threads(options.workers)
  processes = executor.processes(options.workers)
  local host = options.host:find(":") and "[" .. options.host .. "]" or options.host
  io.write(("listening on http://%s:%d\n"):format(host, server:port()))
  io.stdout:flush()
  -- A timer every 10 ms, so that loop.lag() (and /stats) has samples of how
  -- late the loop wakes up even when no request is waiting on a timer.
  while true do
    loop.sleep(0.01)
  end
end)
io.stderr:write("http_service: ", failure, "\n")
os.exit(1)
