-- release_many.lua — a thousand threads waiting on one event, released at
-- once: each then needs the GIL for a little work, and the policy's line of
-- waiters is a thousand long.
--
--   gilvm --gil-policy=P bench/gil/release_many.lua [threads] [work]
--
-- Prints one JSON line: the seconds from the release to the last join, and
-- the GIL's acquisitions and switches meanwhile. Under `fifo` the cost of a
-- hand-off must not grow with the length of the line.

local count = tonumber(arg[1]) or 1000
local work = tonumber(arg[2]) or 20000

local go = sync.event()
local function body()
  go:wait()
  local x = 0
  for i = 1, work do x = x + i end
  return x
end

local handles = {}
for i = 1, count do handles[i] = thread.spawn(body) end
thread.sleep(0.2) -- let every thread reach the wait
local before = gil.stats()
local start = sys.monotonic()
go:set()
local expected = work * (work + 1) // 2
for i = 1, count do assert(handles[i]:join() == expected) end
local seconds = sys.monotonic() - start
local after = gil.stats()
print(string.format('{"policy": "%s", "threads": %d, "seconds": %.3f, "acquisitions": %d, "switches": %d}',
  gil.policy(), count, seconds, after.acquisitions - before.acquisitions,
  after.switches - before.switches))
