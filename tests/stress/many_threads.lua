-- Sixteen threads at once for a few seconds, each doing a bit of everything
-- the thread and sync modules offer: a lock-protected counter, a bounded
-- queue to four consumers, an event flipped by the main thread, sleeps,
-- native work with and without the GIL, and allocation with live data that
-- must survive collections intact. At the end every total must add up.
-- arg[1] scales the run time (the sanitizer builds run it shorter).
local scale = tonumber(arg[1]) or 1
local duration = 8 * scale
local WORKERS, CONSUMERS = 16, 4

local lock = sync.lock()
local counter = 0 -- under `lock`
local items = sync.queue(64)
local phase = sync.event()
local deadline = sys.monotonic() + duration

-- Live data: a ring of tables and strings whose contents are checked later.
local function make_item(w, n)
  return { w = w, n = n, s = string.format("%d:%d", w, n), list = { n, n + 1, n + 2 } }
end
local function item_ok(t)
  return t.s == string.format("%d:%d", t.w, t.n) and t.list[1] == t.n and t.list[3] == t.n + 2
end

local function worker(w)
  local mine, produced, sum, broken = 0, 0, 0, 0
  local ring, slot = {}, 0
  local n = 0
  while sys.monotonic() < deadline do
    n = n + 1
    -- A read-modify-write that may lose the GIL in the middle: only the lock
    -- keeps it whole.
    lock:acquire()
    local seen = counter
    if n % 7 == 0 then thread.sleep(0) end
    counter = seen + 1
    lock:release()
    mine = mine + 1

    local v = w * 1000000 + n
    if items:put(v, 1) then
      produced = produced + 1
      sum = sum + v
    end

    slot = slot % 64 + 1
    local old = ring[slot]
    if old and not item_ok(old) then broken = broken + 1 end
    ring[slot] = make_item(w, n)

    if n % 50 == 0 then phase:wait(0.002) end
    if n % 97 == 0 then thread.sleep(0.001) end
    if n % 131 == 0 then work.release_gil(0.0005) end
    if n % 173 == 0 then work.hold_gil(0.0002) end
    if n % 211 == 0 then work.io(0.0005) end
  end
  for _, t in pairs(ring) do
    if not item_ok(t) then broken = broken + 1 end
  end
  return { mine = mine, produced = produced, sum = sum, broken = broken }
end

local function consumer()
  local got, sum = 0, 0
  while true do
    local v, why = items:get()
    if v == nil then
      assert(why == "closed", why)
      return { got = got, sum = sum }
    end
    got = got + 1
    sum = sum + v
  end
end

local consumers, workers = {}, {}
for c = 1, CONSUMERS do consumers[c] = thread.spawn(consumer) end
for w = 1, WORKERS do workers[w] = thread.spawn(worker, w) end

-- The main thread flips the event while the workers run.
while sys.monotonic() < deadline do
  if phase:is_set() then phase:clear() else phase:set() end
  thread.sleep(0.005)
end

local mine, produced, sum, broken = 0, 0, 0, 0
for w = 1, WORKERS do
  local r = workers[w]:join()
  mine = mine + r.mine
  produced = produced + r.produced
  sum = sum + r.sum
  broken = broken + r.broken
end
items:close()
local got, got_sum = 0, 0
for c = 1, CONSUMERS do
  local r = consumers[c]:join()
  got = got + r.got
  got_sum = got_sum + r.sum
end

print("lock counter", counter == mine) -- expect: lock counter	true
print("queue count", got == produced) -- expect: queue count	true
print("queue sum", got_sum == sum) -- expect: queue sum	true
print("live data intact", broken == 0) -- expect: live data intact	true
print("work done", mine > WORKERS) -- expect: work done	true
local stats = gil.stats()
print("threads seen", #stats.threads) -- expect: threads seen	21
-- Without a GIL nobody switches: the statistics stay at zero.
print("switches", stats.switches > WORKERS or not gil.enabled()) -- expect: switches	true
