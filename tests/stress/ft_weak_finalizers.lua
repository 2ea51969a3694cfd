-- Weak tables and finalizers under collection, for the free-threaded
-- runtime's stop-the-world collector (with a GIL, collections simply run
-- between turns). At once:
--   - workers fill one shared weak-keyed cache whose values refer to their
--     own keys (ephemerons), keep a ring of recent keys alive and check that
--     their entries are never cleared;
--   - they make finalizable objects, some of which resurrect themselves;
--   - a collector thread runs full collections and steps back to back, and
--     the main thread collects too.
-- Finalizers run one thread at a time: each must run once per object, and
-- the cache must empty once its keys are gone.
-- arg[1] scales the run time.
local scale = tonumber(arg[1]) or 1
local duration = 3 * scale
local WORKERS, RING = 3, 64
local deadline = sys.monotonic() + duration
if gil.enabled() then gil.switchinterval(0.0005) end

local cache = setmetatable({}, { __mode = "k" })
local finalized = {}    -- id -> times its finalizer ran (written by finalizers only)
local resurrected = {}  -- id -> object stored by its own finalizer
local finalizer_mt = {
  __gc = function(o)
    finalized[o.id] = (finalized[o.id] or 0) + 1
    if o.id % 97 == 0 then resurrected[o.id] = o end
  end,
}

local function worker(w)
  local ring, broken, made = {}, 0, 0
  while sys.monotonic() < deadline do
    made = made + 1
    local key = { w = w, n = made }
    cache[key] = { key = key, check = w * 100000 + made }
    ring[made % RING + 1] = key
    setmetatable({ id = w * 1000000 + made, payload = { made } }, finalizer_mt)
    for _ = 1, 20 do local garbage = { w, made } end
    if made % 32 == 0 then
      for _, k in pairs(ring) do
        local v = cache[k]
        if not v or v.key ~= k or v.check ~= k.w * 100000 + k.n then broken = broken + 1 end
      end
    end
  end
  return broken, made
end

local function collector()
  local full = 0
  while sys.monotonic() < deadline do
    collectgarbage()
    full = full + 1
    for _ = 1, 10 do collectgarbage("step") end
  end
  return full
end

local workers = {}
for w = 1, WORKERS do workers[w] = thread.spawn(worker, w) end
local collecting = thread.spawn(collector)
while sys.monotonic() < deadline do
  thread.sleep(0.05)
  collectgarbage()
end

local broken, made = 0, {}
for w = 1, WORKERS do
  local b, m = workers[w]:join()
  broken, made[w] = broken + b, m
end
local full = collecting:join()
workers, collecting = nil, nil
collectgarbage()
collectgarbage()

local twice, missing = 0, 0
for w = 1, WORKERS do
  for n = 1, made[w] do
    local times = finalized[w * 1000000 + n]
    if times == nil then missing = missing + 1 elseif times ~= 1 then twice = twice + 1 end
  end
end
local revived_ok = true
for id, o in pairs(resurrected) do
  if o.id ~= id or o.payload[1] ~= id % 1000000 then revived_ok = false end
end
local left = 0
for _ in pairs(cache) do left = left + 1 end
print("ring entries intact", broken) -- expect: ring entries intact	0
print("every finalizer ran once", missing, twice) -- expect: every finalizer ran once	0	0
print("resurrected intact", revived_ok) -- expect: resurrected intact	true
print("cache emptied", left) -- expect: cache emptied	0
print("worked", full > 0 and made[1] > 0) -- expect: worked	true
