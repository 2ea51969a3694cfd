-- Allocation under collection, for the free-threaded runtime's
-- stop-the-world collector (with a GIL, collections simply run between
-- turns). At once:
--   - three churners allocate tables, strings and closures as fast as they
--     can, keep a ring of them alive and check it, and read what the
--     publisher shares
--   - a publisher keeps replacing the entries of a shared board with fresh
--     structures (a table, a string, a closure over both): objects made on
--     one thread, reached from others, dropped while others may hold them
--   - a collector thread runs full collections and incremental steps back
--     to back, and the main thread collects too
-- Every structure read must be intact; the heap must stay bounded while
-- they run, and shrink once they are done.
-- arg[1] scales the run time.
local scale = tonumber(arg[1]) or 1
local duration = 4 * scale
local CHURNERS, BOARD = 3, 64
local PEAK_LIMIT_KB = 64 * 1024
local AFTER_LIMIT_KB = 16 * 1024
local deadline = sys.monotonic() + duration
if gil.enabled() then gil.switchinterval(0.0005) end

local function make_entry(n)
  local t = { n = n, s = "entry:" .. n, list = { n, n * 2, n * 3 } }
  t.check = function() return t.s == "entry:" .. t.n and t.list[3] == 3 * n end
  return t
end

local board = {}
for k = 1, BOARD do board[k] = make_entry(k) end

local function publisher()
  local n = BOARD
  while sys.monotonic() < deadline do
    n = n + 1
    board[n % BOARD + 1] = make_entry(n)
  end
  return n - BOARD
end

local function intact(e)
  return type(e) == "table" and e.check() and #e.list == 3 and e.list[2] == 2 * e.n
end

local function churner(w)
  local ring, broken, rounds, peak = {}, 0, 0, 0
  while sys.monotonic() < deadline do
    rounds = rounds + 1
    for i = 1, 100 do
      local t = { w, i, tostring(i) .. ":" .. w }
      local f = function() return t[1] * 1000 + t[2] end
      if f() ~= w * 1000 + i or t[3] ~= i .. ":" .. w then broken = broken + 1 end
    end
    ring[rounds % 256 + 1] = { s = string.rep(string.char(96 + w), 100 + rounds % 400), n = 100 + rounds % 400 }
    local e = board[rounds % BOARD + 1]
    if not intact(e) then broken = broken + 1 end
    if rounds % 64 == 0 then
      for _, v in pairs(ring) do
        if #v.s ~= v.n or v.s:byte(-1) ~= 96 + w then broken = broken + 1 end
      end
      local kb = collectgarbage("count")
      if kb > peak then peak = kb end
    end
  end
  return broken, rounds, peak
end

local function collector()
  local full, steps, peak = 0, 0, 0
  while sys.monotonic() < deadline do
    collectgarbage()
    full = full + 1
    for _ = 1, 10 do
      collectgarbage("step")
      steps = steps + 1
    end
    local kb = collectgarbage("count")
    if kb > peak then peak = kb end
  end
  return full, steps, peak
end

local churners = {}
for w = 1, CHURNERS do churners[w] = thread.spawn(churner, w) end
local publishing = thread.spawn(publisher)
local collecting = thread.spawn(collector)
local main_collections = 0
while sys.monotonic() < deadline do
  thread.sleep(0.05)
  collectgarbage()
  main_collections = main_collections + 1
end

local broken, rounds, peak = 0, 0, 0
for w = 1, CHURNERS do
  local b, r, p = churners[w]:join()
  broken, rounds, peak = broken + b, rounds + r, math.max(peak, p)
end
local published = publishing:join()
local full, steps, collector_peak = collecting:join()
peak = math.max(peak, collector_peak)
for k = 1, BOARD do
  if not intact(board[k]) then broken = broken + 1 end
end

if peak >= PEAK_LIMIT_KB then print(string.format("heap peaked at %.0f KB", peak)) end
print("intact", broken) -- expect: intact	0
print("bounded", peak < PEAK_LIMIT_KB) -- expect: bounded	true
print("worked", rounds > CHURNERS and published > 0 and full > 0 and main_collections > 0) -- expect: worked	true
collectgarbage()
collectgarbage()
local after = collectgarbage("count")
if after >= AFTER_LIMIT_KB then print(string.format("%.0f KB after a full collection", after)) end
print("after a full collection", after < AFTER_LIMIT_KB) -- expect: after a full collection	true
