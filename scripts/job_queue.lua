-- job_queue.lua — a job queue that answers at once with a job id while long
-- jobs run, and a client that polls for the results.
--
--   gilvm scripts/job_queue.lua [--quick]
--
-- What it shows. A small server on the event loop speaks a line protocol
-- over TCP:
--
--   submit SECONDS   queues a CPU-bound Lua job of about SECONDS to a worker
--                    pool and answers "id N" at once, before the job runs
--   status N         "pending", or "done RESULT"
--   ping             "pong": how quickly the server answers anything
--
-- This is the shape of a web service that must not block on long work
-- (HTTP's 202 Accepted and a status URL): the loop hands the job to the
-- pool, keeps serving, and a task per job stores the result when its future
-- completes. A client submits several jobs at once, then polls every 20 ms
-- until all are done, while a second connection pings the server every 5 ms.
-- The client is a task on the same loop here; a real one is elsewhere.
--
-- The server runs twice: with executor.processes, whose workers have their
-- own GILs, and with executor.threads, whose jobs share the loop's GIL. The
-- first answers at once however long the jobs run; the second makes every
-- answer wait for the GIL behind the jobs.
--
-- What to look at. The submit and ping latencies in each row, and the time
-- to finish all jobs against their total length (the workers run them in
-- parallel).
--
-- What to try next. Talk to the server yourself: in `run`, print
-- server:port() and sleep a minute instead of running the client, then
-- `nc 127.0.0.1 PORT` and type requests. Submit more jobs than workers and
-- watch them queue.

local quick = arg[1] == "--quick"
local job_seconds = quick and 0.15 or 1
local job_count = quick and 4 or 6
local workers = 2
local host = "127.0.0.1"

local here = arg and arg[0] and arg[0]:match("^(.*)/") or "."
package.path = here .. "/lib/?.lua;" .. package.path
local example = require("example")
local load_average = example.load_average

-- A long job: CPU-bound Lua for about `seconds`; the batches of work done.
local function long_job(seconds)
  local deadline = sys.monotonic() + seconds
  local x, batches = 0, 0
  while sys.monotonic() < deadline do
    for i = 1, 1000 do x = x + i % 7 end
    batches = batches + 1
  end
  return batches
end

-- The server ----------------------------------------------------------------

local function serve(pool)
  local jobs, last_id = {}, 0

  local function submit(seconds)
    last_id = last_id + 1
    local job = { status = "pending" }
    jobs[last_id] = job
    local future = loop.run_in_executor(pool, long_job, seconds)
    loop.spawn(function()
      local ok, result = pcall(await, future)
      job.status, job.result = ok and "done" or "failed", tostring(result)
    end)
    return "id " .. last_id
  end

  local function status(id)
    local job = jobs[tonumber(id)]
    if not job then return "unknown job " .. id end
    return job.status == "pending" and "pending" or job.status .. " " .. job.result
  end

  return loop.listen(host, 0, function(stream)
    while true do
      local line = stream:readline()
      if not line then break end
      local command, argument = line:match("^(%a+)%s*(.-)%s*$")
      local reply
      if command == "submit" and tonumber(argument) then
        reply = submit(tonumber(argument))
      elseif command == "status" and argument ~= "" then
        reply = status(argument)
      elseif command == "ping" then
        reply = "pong"
      else
        reply = "error: expected 'submit SECONDS', 'status ID' or 'ping'"
      end
      stream:write(reply, "\n")
    end
    stream:close()
  end)
end

-- The client ----------------------------------------------------------------

local function connection(port)
  local stream = loop.connect(host, port)
  -- Sends one request; the reply and how long it took.
  return function(request)
    local t0 = sys.monotonic()
    stream:write(request, "\n")
    local reply = assert(stream:readline(), "the server closed the connection")
    return reply, sys.monotonic() - t0
  end, stream
end

local function percentile(xs, p)
  local sorted = table.move(xs, 1, #xs, 1, {})
  table.sort(sorted)
  return sorted[math.max(1, math.ceil(#sorted * p))]
end

-- One run against a server with `pool`: the latencies of the submits and of
-- the pings while jobs ran (idle pings first, as a yardstick), the time
-- until every job was done, and the polls it took.
local function run(pool)
  -- Start every worker before anything is timed.
  local naps = {}
  for w = 1, workers do naps[w] = loop.run_in_executor(pool, thread.sleep, 0.05) end
  for w = 1, workers do await(naps[w]) end

  local server = serve(pool)
  local ask, stream = connection(server:port())
  local ping, ping_stream = connection(server:port())
  local idle = {}
  for i = 1, 20 do
    idle[i] = select(2, ping("ping"))
    loop.sleep(0.005)
  end

  local busy, finished = {}, false
  local pinger = loop.spawn(function()
    while not finished do
      busy[#busy + 1] = select(2, ping("ping"))
      loop.sleep(0.005)
    end
  end)

  local t0 = sys.monotonic()
  local ids, submits = {}, {}
  for j = 1, job_count do
    local reply, took = ask("submit " .. job_seconds)
    ids[j] = assert(tonumber(reply:match("^id (%d+)$")), "unexpected reply: " .. reply)
    submits[j] = took
  end
  local pending, polls = job_count, 0
  local done = {}
  while pending > 0 do
    loop.sleep(0.02)
    for j = 1, job_count do
      if not done[j] then
        local reply = ask("status " .. ids[j])
        polls = polls + 1
        if reply:match("^done %d+$") then
          done[j], pending = true, pending - 1
        else
          assert(reply == "pending", "unexpected reply: " .. reply)
        end
      end
    end
  end
  local all_done = sys.monotonic() - t0
  finished = true
  await(pinger)
  stream:close()
  ping_stream:close()
  server:close()
  pool:shutdown()
  return {
    submit_p50 = percentile(submits, 0.5), submit_max = percentile(submits, 1),
    idle_p99 = percentile(idle, 0.99), ping_p50 = percentile(busy, 0.5),
    ping_p99 = percentile(busy, 0.99), all_done = all_done, polls = polls,
  }
end

-- The experiment ------------------------------------------------------------

print(string.format("job_queue.lua — %d jobs of %g s submitted at once to a server with %d"
  .. " workers%s", job_count, job_seconds, workers, quick and " (quick)" or ""))
print(string.format("machine: %d cores, %s build (GIL %s), load average %s at start",
  sys.cpu_count(), sys.build, gil.enabled() and "on" or "off", load_average()))

local pools = {
  { label = string.format("executor.processes(%d)", workers), kind = "processes" },
  { label = string.format("executor.threads(%d)", workers), kind = "threads" },
}
loop.run(function()
  for _, p in ipairs(pools) do p.result = run(executor[p.kind](workers)) end
end)

print(string.format("  %-24s %12s %12s %12s %12s %12s %7s", "jobs run in", "submit p50",
  "submit max", "ping p50", "ping p99", "all done", "polls"))
for _, p in ipairs(pools) do
  local r = p.result
  print(string.format("  %-24s %9.2f ms %9.2f ms %9.2f ms %9.2f ms %10.2f s %7d", p.label,
    r.submit_p50 * 1e3, r.submit_max * 1e3, r.ping_p50 * 1e3, r.ping_p99 * 1e3, r.all_done,
    r.polls))
end
print(string.format("load average %s at end", load_average()))

-- The conclusion is read off the figures. The server answers "at once" when
-- every submit and 99% of the pings took under 5 ms (a default switch
-- interval), and "late" when the pings' p99 is 5 ms or more; the idle pings
-- say whether the machine itself allows 5 ms.
local processes, threads = pools[1].result, pools[2].result
local function answers(r)
  if r.submit_max < 0.005 and r.ping_p99 < 0.005 then return "at once" end
  return "late"
end
local conclusion
if math.max(processes.idle_p99, threads.idle_p99) >= 0.005 then
  conclusion = string.format("noisy: machine busy (even an idle server answers pings %.1f ms late"
    .. " at p99, load average %s); rerun when it is quiet",
    math.max(processes.idle_p99, threads.idle_p99) * 1e3, load_average())
else
  local parallel = job_count * job_seconds / processes.all_done
  local why = answers(processes) == "late"
      and string.format(" (it shares the cores with the workers and other programs: load average"
        .. " %s)", load_average()) or ""
  local parts = {
    string.format("with worker processes the server answers %s%s (submit max %.1f ms, ping p99"
      .. " %.1f ms) while %d jobs of %g s run, %.1f at a time on average",
      answers(processes), why, processes.submit_max * 1e3, processes.ping_p99 * 1e3, job_count,
      job_seconds, parallel),
  }
  if answers(threads) == "late" then
    parts[#parts + 1] = string.format("with a thread pool it answers late (ping p99 %.1f ms):"
      .. " %s", threads.ping_p99 * 1e3,
      gil.enabled() and "every answer waits for the GIL behind the jobs" or "the cores are busy")
  else
    parts[#parts + 1] = string.format("with a thread pool it answers at once too (ping p99"
      .. " %.1f ms)%s", threads.ping_p99 * 1e3, gil.enabled() and "" or ": no GIL to wait for")
  end
  conclusion = table.concat(parts, "; ")
end
print("conclusion: " .. conclusion)
