-- io_bound.lua — I/O-bound threads: a thread that waits releases the GIL, so
-- waits on many threads overlap.
--
--   gilvm scripts/io_bound.lua [--quick]
--
-- What it shows. A fixed number of blocking waits of 20 ms each runs on one
-- thread, then spread over 8 threads, for three kinds of wait:
--
--   work.io(s)       a native call that blocks without the GIL (as CPython's
--                    socket.recv or time.sleep do)
--   thread.sleep(s)  the thread module's sleep
--   socket           a request over loopback TCP to a server that answers
--                    after 20 ms. gilvm has no blocking socket calls: a
--                    thread waits on a socket in an event loop of its own,
--                    which sleeps in epoll without the GIL.
--
-- One thread takes (waits x 20 ms). Eight threads take an eighth of it,
-- because while a thread waits it holds no GIL and the others run: the
-- GIL serialises running Lua code, not waiting. The 8-thread runs also
-- report how much of their time any thread held the GIL (gil.stats()).
--
-- What to look at. The speed-up of 8 threads (8x would be perfect; each
-- wake-up costs a little) and the GIL's share of the time, a few percent.
-- Compare scripts/cpu_bound.lua, where threads gain nothing on this build.
--
-- What to try next. Make each wait CPU work instead (replace work.io by
-- work.hold_gil) and watch the speed-up vanish; with work.release_gil it
-- comes back, up to the number of cores. Run with --gil-stats to see each
-- thread's hold and wait times.

local quick = arg[1] == "--quick"
local wait = 0.02
local waits = quick and 16 or 48
local rounds = quick and 3 or 5
local many = 8

local here = arg and arg[0] and arg[0]:match("^(.*)/") or "."
package.path = here .. "/lib/?.lua;" .. package.path
local example = require("example")
local load_average = example.load_average

-- The server for the socket kind: on a thread of its own, an event loop that
-- answers each request line with "ok" after `wait` seconds. Its main task
-- waits for `stop` on the loop's default thread pool, so the loop keeps
-- serving until the end of the script.
local stop, ports = sync.event(), sync.queue()
local server_thread = thread.spawn(function()
  loop.run(function()
    local server = loop.listen("127.0.0.1", 0, function(stream)
      while stream:readline() do
        loop.sleep(wait)
        stream:write("ok\n")
      end
      stream:close()
    end)
    ports:put(server:port())
    await(loop.to_thread(stop.wait, stop))
    server:close()
  end)
end)
local port = ports:get()

-- Each kind is the body of one thread: `n` waits, one after another.
local kinds = {
  { name = "work.io", body = function(n) for _ = 1, n do work.io(wait) end end },
  { name = "thread.sleep", body = function(n) for _ = 1, n do thread.sleep(wait) end end },
  {
    name = "socket",
    body = function(n)
      loop.run(function()
        local connection = loop.connect("127.0.0.1", port)
        for _ = 1, n do
          connection:write("request\n")
          assert(connection:readline() == "ok")
        end
        connection:close()
      end)
    end,
  },
}

-- `waits` waits of one kind spread over `count` threads: the elapsed time
-- and the share of it during which some thread held the GIL.
local function run(kind, count)
  gil.reset_stats()
  local t0 = sys.monotonic()
  local handles = {}
  for i = 1, count do handles[i] = thread.spawn(kind.body, waits // count) end
  for i = 1, count do handles[i]:join() end
  local elapsed = sys.monotonic() - t0
  return elapsed, gil.stats().hold_seconds / elapsed
end

local function median_spread(xs)
  local sorted = table.move(xs, 1, #xs, 1, {})
  table.sort(sorted)
  local median = sorted[(#sorted + 1) // 2]
  return median, (sorted[#sorted] - sorted[1]) / 2 / median
end

print(string.format("io_bound.lua — %d blocking waits of %g ms on 1 thread, then on %d threads%s",
  waits, wait * 1e3, many, quick and " (quick)" or ""))
print(string.format("machine: %d cores, %s build (GIL %s), load average %s at start",
  sys.cpu_count(), sys.build, gil.enabled() and "on" or "off", load_average()))

for _, kind in ipairs(kinds) do
  kind.one, kind.many, kind.speedups, kind.held = {}, {}, {}, {}
end
-- The server stops whatever happens: a program waits for its threads at
-- exit, so an error that left it serving would hang the program.
local ok, failure = pcall(function()
  for r = 1, rounds do
    for _, kind in ipairs(kinds) do
      kind.one[r] = run(kind, 1)
      kind.many[r], kind.held[r] = run(kind, many)
      kind.speedups[r] = kind.one[r] / kind.many[r]
    end
  end
end)
stop:set()
server_thread:join()
if not ok then error(failure, 0) end

print(string.format("  %-14s %12s %12s %14s %14s", "wait", "1 thread", many .. " threads",
  "speed-up", "GIL held"))
local most_held = 0
for _, kind in ipairs(kinds) do
  local one = median_spread(kind.one)
  local spread
  kind.speedup, spread = median_spread(kind.speedups)
  kind.share = median_spread(kind.held)
  most_held = math.max(most_held, kind.share)
  local held = gil.enabled() and string.format("%.1f %%", kind.share * 100) or "no GIL"
  print(string.format("  %-14s %10.3f s %10.3f s %8.2fx ±%.2f %14s", kind.name, one,
    (median_spread(kind.many)), kind.speedup, kind.speedup * spread, held))
end
print(string.format("load average %s at end", load_average()))

-- The conclusion is read off the rounds: the waits overlapped when 8 threads
-- were at least 4x faster than one. A kind whose rounds disagree cannot
-- support either conclusion.
local overlapped, serial, noisy = {}, {}, {}
for _, kind in ipairs(kinds) do
  local lowest = math.min(table.unpack(kind.speedups))
  local highest = math.max(table.unpack(kind.speedups))
  local text = string.format("%.1fx (%s)", kind.speedup, kind.name)
  if lowest >= many / 2 then
    overlapped[#overlapped + 1] = text
  elseif highest < many / 2 then
    serial[#serial + 1] = text
  else
    noisy[#noisy + 1] = string.format("%s %.1f-%.1fx", kind.name, lowest, highest)
  end
end
local parts = {}
if #overlapped > 0 then
  local why = gil.enabled()
      and string.format("a waiting thread releases the GIL, held at most %.0f%% of the time",
        most_held * 100)
      or "waits overlap, and on this build no GIL is there to release"
  parts[#parts + 1] = string.format("%d threads finish the waits %s sooner than one: %s", many,
    table.concat(overlapped, ", "), why)
end
if #serial > 0 then
  parts[#parts + 1] = table.concat(serial, ", ") .. ": the waits overlapped less than expected"
    .. " (slow wake-ups: machine busy?)"
end
if #noisy > 0 then
  parts[#parts + 1] = string.format("noisy: machine busy (load average %s; the rounds disagree:"
    .. " %s)", load_average(), table.concat(noisy, ", "))
end
print("conclusion: " .. table.concat(parts, "; "))
