-- contention.lua — N threads writing into one shared table: how many writes
-- a second go through when they all touch the same object.
--
--   gilvm [--gil=on] bench/ft/contention.lua MODE THREADS [OPERATIONS]
--
-- OPERATIONS (default 2,000,000) is the total; each thread does an equal
-- share. MODE is one of
--
--   locked    every thread appends to one list, each append a
--             read-modify-write of #t under one sync.lock (the lock is what
--             makes it correct in either build); at the end #t must be
--             THREADS * share and every value must be there exactly once
--   distinct  every thread writes its own keys of one table, interleaved
--             (thread w of N writes keys w, w + N, w + 2N, ...), with no lock:
--             the table grows and rehashes while all of them write; at the
--             end every key must hold its writer's value and pairs() must
--             count exactly THREADS * share entries
--
-- The program exits non-zero with a message if a result is wrong. Prints one
-- JSON line: mode, threads, operations, seconds, operations per second, the
-- build and whether a GIL was on.

local mode = arg[1]
local threads = math.tointeger(tonumber(arg[2])) or 1
local operations = math.tointeger(tonumber(arg[3])) or 2000000
assert((mode == "locked" or mode == "distinct") and threads >= 1,
  "usage: contention.lua locked|distinct THREADS [OPERATIONS]")
local share = operations // threads
local total = share * threads

local function fail(fmt, ...)
  io.stderr:write("contention.lua " .. mode .. ": " .. string.format(fmt, ...) .. "\n")
  os.exit(1)
end

local shared = {}
local lock = sync.lock()

local function append_locked(w)
  local base = (w - 1) * share
  for k = 1, share do
    lock:acquire()
    shared[#shared + 1] = base + k
    lock:release()
  end
end

local function write_distinct(w)
  for k = 0, share - 1 do
    shared[k * threads + w] = w
  end
end

local body = mode == "locked" and append_locked or write_distinct
local t0 = sys.monotonic()
local handles = {}
for w = 1, threads do handles[w] = thread.spawn(body, w) end
for w = 1, threads do handles[w]:join() end
local seconds = sys.monotonic() - t0

if mode == "locked" then
  if #shared ~= total then fail("#t is %d, expected %d", #shared, total) end
  local seen = {}
  for i = 1, total do
    local v = shared[i]
    if math.type(v) ~= "integer" or v < 1 or v > total then fail("t[%d] is %s", i, tostring(v)) end
    if seen[v] then fail("value %d appended twice", v) end
    seen[v] = true
  end
  -- total distinct values in 1..total: every value is present.
else
  local count = 0
  for _ in pairs(shared) do count = count + 1 end
  if count ~= total then fail("pairs() counted %d entries, expected %d", count, total) end
  for key = 1, total do
    local w = (key - 1) % threads + 1
    if shared[key] ~= w then fail("t[%d] is %s, expected %d", key, tostring(shared[key]), w) end
  end
end

print(string.format('{"bench":"contention","mode":"%s","build":"%s","gil":%s,"threads":%d,' ..
  '"operations":%d,"seconds":%.4f,"per_s":%.1f}',
  mode, sys.build, tostring(gil.enabled()), threads, total, seconds, total / seconds))
