-- Threads mutating shared tables at once, for the free-threaded runtime's
-- table locks (with a GIL the same operations are merely interleaved).
-- Four workers share five tables:
--   mixed    each worker inserts, overwrites and deletes its own integer and
--            string keys, so the table grows, rehashes and reuses dead slots;
--            each worker keeps a private mirror of what its keys must hold
--   fixed    a constant set of keys whose values every worker overwrites: a
--            reader's pairs() must always see exactly that set
--   dense    worker w of W appends keys w, w + W, w + 2W, ...: the array part
--            grows under all of them
--   list     table.insert / table.remove / # under one sync.lock, beside a
--            count kept under the same lock
--   and a reader thread traverses fixed, dense and mixed with pairs()/next()
--   while the workers write: what it sees must be well formed (on mixed,
--   whose keys die under it, "invalid key to 'next'" is an allowed outcome)
-- At the end every table must hold exactly what the workers' records say.
-- arg[1] scales the run time.
local scale = tonumber(arg[1]) or 1
local duration = 4 * scale
local WORKERS = 4
local SLOTS = 512 -- keys of mixed per worker
local FIXED = 64
local deadline = sys.monotonic() + duration
-- With a GIL, switch often, so that traversals and resizes interleave.
if gil.enabled() then gil.switchinterval(0.0005) end

local mixed, fixed, dense, list = {}, {}, {}, {}
local list_lock, list_count = sync.lock(), 0 -- list_count: under list_lock
for k = 1, FIXED do
  fixed[k] = k * 100
  fixed["f" .. k] = "f" .. k .. ":0"
end

local function mixed_key(w, slot)
  if slot % 2 == 0 then return w * 1000000 + slot end
  return "w" .. w .. ":" .. slot
end

local function worker(w)
  local mirror, broken, rounds = {}, 0, 0
  while sys.monotonic() < deadline do
    rounds = rounds + 1
    for j = 1, 64 do
      local slot = (rounds * 67 + j * 13) % SLOTS
      local key = mixed_key(w, slot)
      if (rounds + j) % 3 == 0 then
        mixed[key] = nil
        mirror[key] = nil
      else
        local v = rounds * 100 + j
        mixed[key] = v
        mirror[key] = v
      end
    end
    -- Read back a few of its own keys while the others write theirs.
    for slot = rounds % 8, SLOTS - 1, 37 do
      local key = mixed_key(w, slot)
      if mixed[key] ~= mirror[key] then broken = broken + 1 end
    end

    local k = rounds % FIXED + 1
    fixed[k] = k * 100 + w
    fixed["f" .. k] = "f" .. k .. ":" .. w

    dense[(rounds - 1) * WORKERS + w] = rounds

    list_lock:acquire()
    if rounds % 4 == 0 and #list > 0 then
      local v = table.remove(list)
      if math.type(v) ~= "integer" then broken = broken + 1 end
      list_count = list_count - 1
    else
      table.insert(list, w * 10000000 + rounds)
      list_count = list_count + 1
    end
    if #list ~= list_count then broken = broken + 1 end
    list_lock:release()
  end
  return mirror, broken, rounds
end

-- One traversal each of fixed, dense and mixed per turn, checking each pair.
local function reader()
  local traversals, broken, lost_keys = 0, 0, 0
  while sys.monotonic() < deadline do
    traversals = traversals + 1
    local count = 0
    for k, v in pairs(fixed) do
      count = count + 1
      if math.type(k) == "integer" then
        if math.type(v) ~= "integer" or v // 100 ~= k or v % 100 > WORKERS then broken = broken + 1 end
      elseif type(v) ~= "string" or v:match("^(f%d+):%d$") ~= k then
        broken = broken + 1
      end
    end
    if count ~= 2 * FIXED then broken = broken + 1 end

    for k, v in pairs(dense) do
      if math.type(k) ~= "integer" or (k - 1) // WORKERS + 1 ~= v then broken = broken + 1 end
    end

    -- Keys of mixed are deleted while this runs: next() may find its key
    -- gone, which Lua reports as an error; nothing else may go wrong.
    local ok, err = pcall(function()
      for k, v in next, mixed do
        if math.type(v) ~= "integer" or (type(k) ~= "string" and math.type(k) ~= "integer") then
          broken = broken + 1
        end
      end
    end)
    if not ok then
      if tostring(err):find("invalid key to 'next'", 1, true) then
        lost_keys = lost_keys + 1
      else
        broken = broken + 1
        io.stderr:write("reader: ", tostring(err), "\n")
      end
    end
  end
  return traversals, broken, lost_keys
end

local handles = {}
for w = 1, WORKERS do handles[w] = thread.spawn(worker, w) end
local reading = thread.spawn(reader)

local broken, rounds = 0, {}
local expected = {}
for w = 1, WORKERS do
  local mirror, b, r = handles[w]:join()
  broken = broken + b
  rounds[w] = r
  for k, v in pairs(mirror) do expected[k] = v end
end
local traversals, reader_broken = reading:join()

-- mixed: exactly the union of the mirrors.
local mixed_ok, count, want = true, 0, 0
for k, v in pairs(mixed) do
  count = count + 1
  if expected[k] ~= v then mixed_ok = false end
end
for _ in pairs(expected) do want = want + 1 end
print("mixed holds what the workers wrote", mixed_ok and count == want) -- expect: mixed holds what the workers wrote	true

-- fixed: the same keys, each value from one of the workers.
local fixed_ok, fixed_count = true, 0
for k, v in pairs(fixed) do
  fixed_count = fixed_count + 1
  if math.type(k) == "integer" then
    fixed_ok = fixed_ok and v // 100 == k and v % 100 <= WORKERS
  else
    fixed_ok = fixed_ok and v:match("^(f%d+):%d$") == k
  end
end
print("fixed keys", fixed_ok and fixed_count == 2 * FIXED) -- expect: fixed keys	true

-- dense: every worker's appends, nothing else.
local dense_ok, dense_count, dense_want = true, 0, 0
for w = 1, WORKERS do
  dense_want = dense_want + rounds[w]
  for r = 1, rounds[w] do
    if dense[(r - 1) * WORKERS + w] ~= r then dense_ok = false end
  end
end
for _ in pairs(dense) do dense_count = dense_count + 1 end
print("dense appends", dense_ok and dense_count == dense_want) -- expect: dense appends	true

-- list: its length is the locked count, every value a worker's and once.
local seen, list_ok = {}, #list == list_count
for i = 1, #list do
  local v = list[i]
  local w, r = v // 10000000, v % 10000000
  if seen[v] or w < 1 or w > WORKERS or r < 1 or r > rounds[w] then list_ok = false end
  seen[v] = true
end
print("list under the lock", list_ok) -- expect: list under the lock	true

print("well formed while written", broken + reader_broken) -- expect: well formed while written	0
print("worked", traversals > 0 and rounds[1] > 1) -- expect: worked	true
