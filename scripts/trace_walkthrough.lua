-- trace_walkthrough.lua — record a GIL trace, and learn to read it.
--
--   gilvm [--gil-policy=NAME] scripts/trace_walkthrough.lua [--quick] [--out FILE]
--
-- What it shows. gilvm --trace=FILE writes what the GIL did as Chrome Trace
-- Event JSON. This script writes a small program with two threads, runs it
-- under `gilvm --trace` (with this gilvm's policy and switch interval), and
-- summarises the trace it recorded:
--
--   cpu  a CPU-bound thread that allocates as it goes: it holds the GIL
--        until someone asks for it, and it makes the collector run
--   io   a thread that waits 1 ms at a time in work.io (a blocking call that
--        releases the GIL), then must get the GIL back to go on
--
-- Open the file in https://ui.perfetto.dev ("Open trace file", or drag it
-- onto the page; chrome://tracing reads it too). There is one track per
-- thread; on it:
--
--   GIL held       the thread runs Lua code. Only one thread's held span is
--                  open at any moment: that is the GIL.
--   GIL wait       the thread wants the GIL and waits. Under the `interval`
--                  policy the io thread's waits last about a switch interval
--                  (5 ms): it waits that long before it asks.
--   drop request   an instant mark (a small arrow) on the waiting thread: it
--                  asks the holder to drop the GIL at its next eval-breaker
--                  poll. The hand-off is the gap from the mark to the
--                  waiter's next held span.
--   collection     the collector at work, inside a held span of the thread
--                  that ran it (only a holder collects).
--
-- Click a span to see its start and duration; press "m" to mark it. Event
-- loops add a track of their own ("<thread> loop") with loop iterations and
-- each task's steps.
--
-- What to try next. gilvm --gil-policy=priority scripts/trace_walkthrough.lua:
-- the io thread's waits shrink to a fraction of a millisecond, since a
-- thread back from I/O goes first. --switch-interval=0.001, and
-- --gil-policy=ticks to see CPython 2's GIL thrash. bench/gil_run.py
-- computes its switch-interval and hand-off figures from traces like this
-- one.

local quick, out = false, "gilvm_trace.json"
for j = 1, #arg do
  if arg[j] == "--quick" then quick = true end
  if arg[j] == "--out" then out = assert(arg[j + 1], "--out needs a file name") end
end
local seconds = quick and 0.3 or 1

local here = arg and arg[0] and arg[0]:match("^(.*)/") or "."
package.path = here .. "/lib/?.lua;" .. package.path
local example = require("example")
local shell_quote = example.shell_quote

-- The program to trace. It prints the two threads' ids, which name their
-- tracks in the trace.
local PROGRAM = [[
local seconds = tonumber(arg[1])
local function cpu()
  local deadline, kept = sys.monotonic() + seconds, nil
  while sys.monotonic() < deadline do
    local t = {}
    for i = 1, 100 do t[i] = { i } end
    kept = t
  end
  return #kept
end
local function io_waits()
  local deadline, waits = sys.monotonic() + seconds, 0
  while sys.monotonic() < deadline do
    work.io(0.001)
    waits = waits + 1
  end
  return waits
end
local a, b = thread.spawn(cpu), thread.spawn(io_waits)
print(a:id(), b:id())
a:join()
b:join()
]]

-- This gilvm: the lowest index of `arg` (options come between it and the
-- script).
local first = -1
while arg[first - 1] do first = first - 1 end
local gilvm = shell_quote(arg[first])

local program_file = os.tmpname()
local f = assert(io.open(program_file, "w"))
f:write(PROGRAM)
f:close()

-- The free-threaded build has no GIL to trace unless it is turned back on.
local gil_option = sys.build == "free-threaded" and "--gil=on " or ""
local policy = gil.enabled() and gil.policy() or "interval"
local interval = gil.switchinterval()
local command = string.format("%s %s--gil-policy=%s --switch-interval=%.6f --trace=%s %s %g",
  gilvm, gil_option, policy, interval, shell_quote(out), shell_quote(program_file), seconds)
local pipe = assert(io.popen(command))
local ids = pipe:read("a")
local ok = pipe:close()
os.remove(program_file)
assert(ok, "the traced program failed: " .. command)
local cpu_id, io_id = ids:match("^(%d+)%s+(%d+)")
assert(io_id, "unexpected output from the traced program: " .. ids)
cpu_id, io_id = tonumber(cpu_id), tonumber(io_id)

print(string.format("trace_walkthrough.lua — a %g s trace of two threads%s", seconds,
  quick and " (quick)" or ""))
print(string.format("machine: %d cores, %s build%s, policy %s, switch interval %g ms",
  sys.cpu_count(), sys.build, gil_option ~= "" and " (GIL turned on with --gil=on)" or "",
  policy, interval * 1e3))
print("recorded: " .. command:gsub(" %S+ %g+$", " <program>"))
print("trace file: " .. out .. " (open it in https://ui.perfetto.dev)")

-- Reading the trace. gilvm writes one event per line, so a line's fields can
-- be picked out with patterns; a general JSON reader is not needed.
local events = {}
for line in io.lines(out) do
  local ph = line:match('"ph":"(%a)"')
  if ph == "X" or ph == "i" then
    events[#events + 1] = {
      name = line:match('"name":"([^"]*)"'),
      tid = tonumber(line:match('"tid":(%d+)')),
      ts = tonumber(line:match('"ts":([%d.]+)')) / 1e3,
      dur = tonumber(line:match('"dur":([%d.]+)') or "0") / 1e3,
    }
  end
end
table.sort(events, function(a, b) return a.ts < b.ts end)

local function median(xs)
  if #xs == 0 then return 0 end
  local sorted = table.move(xs, 1, #xs, 1, {})
  table.sort(sorted)
  return sorted[(#sorted + 1) // 2]
end

-- Per thread: held spans, waits, drop requests asked; then the switches
-- (consecutive held spans of different threads), the hand-offs (a drop
-- request to that thread's next held span) and the collections.
local threads = {}
local function of(tid)
  threads[tid] = threads[tid] or { held = {}, waits = {}, drops = 0 }
  return threads[tid]
end
local switches, last_holder = 0, nil
local handoffs, pending_drop = {}, {}
local collections, longest_collection = 0, 0
for _, e in ipairs(events) do
  local t = of(e.tid)
  if e.name == "GIL held" then
    t.held[#t.held + 1] = e.dur
    if last_holder and last_holder ~= e.tid then switches = switches + 1 end
    last_holder = e.tid
    if pending_drop[e.tid] then
      handoffs[#handoffs + 1] = e.ts - pending_drop[e.tid]
      pending_drop[e.tid] = nil
    end
  elseif e.name == "GIL wait" then
    t.waits[#t.waits + 1] = e.dur
  elseif e.name == "drop request" then
    t.drops = t.drops + 1
    pending_drop[e.tid] = pending_drop[e.tid] or e.ts
  elseif e.name == "collection" then
    collections = collections + 1
    longest_collection = math.max(longest_collection, e.dur)
  end
end

print(string.format("  %-10s %8s %14s %12s %14s %15s %9s", "thread", "spans", "held in all",
  "waits", "wait median", "longest wait", "asked"))
local function row(label, tid)
  local t = of(tid)
  local held = 0
  for _, d in ipairs(t.held) do held = held + d end
  t.wait_median, t.longest = median(t.waits), math.max(0, table.unpack(t.waits))
  print(string.format("  %-10s %8d %11.1f ms %12d %11.3f ms %12.3f ms %9d", label, #t.held, held,
    #t.waits, t.wait_median, t.longest, t.drops))
end
row("cpu (" .. cpu_id .. ")", cpu_id)
row("io (" .. io_id .. ")", io_id)
print(string.format("  switches %d, hand-offs after a drop request: %d, median %.3f ms;"
  .. " collections %d, longest %.3f ms", switches, #handoffs, median(handoffs), collections,
  longest_collection))

-- The conclusion is read off the io thread's waits: about a switch interval
-- (at least half of one) means it queued behind the CPU-bound holder until
-- it asked; under 0.5 ms means it got the GIL back at once.
local io_thread = of(io_id)
local conclusion
if #io_thread.waits == 0 then
  conclusion = "the io thread never waited for the GIL: it always found it free (the cpu thread"
    .. " was not running: machine busy?)"
elseif io_thread.wait_median >= 0.5 * interval * 1e3 then
  conclusion = string.format("the io thread waited %.2f ms on median for the GIL after each"
    .. " wait (%.1f switch intervals; longest %.1f ms): the CPU-bound holder keeps it until"
    .. " asked, and the io thread asks only after an interval (%d drop requests)",
    io_thread.wait_median, io_thread.wait_median / (interval * 1e3), io_thread.longest,
    io_thread.drops)
elseif io_thread.wait_median < 0.5 then
  conclusion = string.format("the io thread got the GIL back in %.3f ms on median (longest %.1f"
    .. " ms): under %s it does not queue behind the CPU-bound thread", io_thread.wait_median,
    io_thread.longest, policy)
else
  conclusion = string.format("the io thread waited %.2f ms on median (longest %.1f ms), less"
    .. " than half a switch interval: noisy: machine busy?", io_thread.wait_median,
    io_thread.longest)
end
print("conclusion: " .. conclusion)
