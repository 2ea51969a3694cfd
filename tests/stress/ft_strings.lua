-- Threads making the same strings and different ones at once, for the
-- free-threaded runtime's string table: equal contents built on different
-- threads must be one key (short strings are interned, long ones compared
-- by content), never two, and a string must never be torn or swept while
-- in use, even as other threads drop it and collect. Four workers:
--   - rebuild the keys of a table filled by the main thread (format, concat,
--     table.concat, sub of a longer string, char) and look them up
--   - intern the same fresh contents as each other, at the same moments,
--     as keys of one shared table (pool) with no lock: at the end pool must
--     have exactly one key per content
--   - build long strings by concatenation and check length and content
--   - pass strings to the next worker through a queue, which compares them
--     with its own copy (==, <, as a table key)
-- while the main thread runs the collector now and then.
-- arg[1] scales the run time.
local scale = tonumber(arg[1]) or 1
local duration = 4 * scale
local WORKERS = 4
local KEYS = 500
local FRESH = 2000 -- distinct fresh contents, shared by all workers
local deadline = sys.monotonic() + duration
if gil.enabled() then gil.switchinterval(0.0005) end

local registry = {}
local long_prefix = string.rep("long-string-that-is-not-interned/", 2)
for i = 1, KEYS do
  registry["key" .. i] = i
  registry[long_prefix .. i] = -i
end
local pool = {}
local queues = {}
for w = 1, WORKERS do queues[w] = sync.queue(64) end

local function worker(w)
  local broken, rounds, compared, made = 0, 0, 0, {}
  local inbox, outbox = queues[w], queues[w % WORKERS + 1]
  while sys.monotonic() < deadline do
    rounds = rounds + 1
    local i = (rounds * 7 + w) % KEYS + 1
    -- The same key, built five ways.
    local ways = {
      string.format("key%d", i),
      "key" .. i,
      table.concat({ "k", "e", "y", tostring(i) }),
      ("xxkey" .. i .. "yy"):sub(3, -3),
      string.char(107, 101, 121) .. i,
    }
    for _, s in ipairs(ways) do
      if registry[s] ~= i then broken = broken + 1 end
    end
    if registry[long_prefix .. tostring(i)] ~= -i then broken = broken + 1 end

    -- Fresh contents: every worker makes the same ones in the same order.
    for j = 1, 8 do
      local n = (rounds * 8 + j) % FRESH
      pool["fresh:" .. n] = true
      made[n] = true
    end

    -- A long string by concatenation.
    local parts = ""
    for j = 1, 20 do parts = parts .. string.char(65 + (w + j) % 26) end
    local again = {}
    for j = 1, 20 do again[j] = string.char(65 + (w + j) % 26) end
    if #parts ~= 20 or parts ~= table.concat(again) then broken = broken + 1 end

    -- Pass a string on; compare what came in with our own copy of it.
    outbox:put(string.format("%d:%d:%s", w, rounds, parts), 0)
    local got = inbox:get(0)
    if got then
      local from, r, text = got:match("^(%d+):(%d+):(%u+)$")
      from, r = tonumber(from), tonumber(r)
      local mine = from and string.format("%d:%d:%s", from, r, text)
      local probe = {}
      probe[mine] = true
      if not from or got ~= mine or got < mine or mine < got or not probe[got] then
        broken = broken + 1
      end
      compared = compared + 1
    end
  end
  return broken, rounds, compared, made
end

local handles = {}
for w = 1, WORKERS do handles[w] = thread.spawn(worker, w) end
local collections = 0
while sys.monotonic() < deadline do
  thread.sleep(0.02)
  collectgarbage()
  collections = collections + 1
end

local broken, rounds, compared, made = 0, 0, 0, {}
for w = 1, WORKERS do
  local b, r, c, m = handles[w]:join()
  broken, rounds, compared = broken + b, rounds + r, compared + c
  for n in pairs(m) do made[n] = true end
end

-- One key per content: pool has exactly the contents the workers made.
local count, want, pool_ok = 0, 0, true
for k, v in pairs(pool) do
  count = count + 1
  local n = tonumber(k:match("^fresh:(%d+)$"))
  if v ~= true or not made[n] then pool_ok = false end
end
for n in pairs(made) do
  want = want + 1
  if pool["fresh:" .. n] ~= true then pool_ok = false end
end
print("one key per content", pool_ok and count == want) -- expect: one key per content	true
print("strings intact", broken) -- expect: strings intact	0
print("worked", rounds > WORKERS and compared > 0 and collections > 0) -- expect: worked	true
collectgarbage()
print("registry intact", registry["key" .. KEYS] == KEYS and registry[long_prefix .. 1] == -1) -- expect: registry intact	true
