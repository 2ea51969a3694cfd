-- Closures and upvalues shared between threads, for the free-threaded
-- runtime's upvalue cells (with a GIL the same calls are merely
-- interleaved). At once:
--   - four threads call one closure that bumps a shared upvalue under a
--     sync.lock: the final count must be exactly the calls made
--   - two host threads each hand a closure over one of their own live locals
--     (an open upvalue, on the host's stack) to a helper thread; host and
--     helper both add to it under a lock while the host recurses deep
--     enough to grow its stack (and collects, which may shrink it); after the join the host's local must hold
--     exactly both sums
--   - a writer sets an upvalue through a setter while another thread reads
--     it through a getter (no lock): the reader sees only values written,
--     never going back; once over a closed upvalue, once over a local of the
--     main chunk, open on the main thread's stack while the two run (values
--     alternate between integers and floats, so a torn read shows)
--   - closures made in a loop (each over that iteration's own, since closed,
--     local) go through a queue and are called on another thread
-- arg[1] scales the run time.
local scale = tonumber(arg[1]) or 1
local duration = 4 * scale
local deadline = sys.monotonic() + duration
if gil.enabled() then gil.switchinterval(0.0005) end

-- A shared counter upvalue, bumped under a lock.
local count, count_lock = 0, sync.lock()
local function bump()
  count_lock:acquire()
  count = count + 1
  count_lock:release()
end
local function bumper()
  local calls = 0
  while sys.monotonic() < deadline do
    for _ = 1, 100 do bump() end
    calls = calls + 100
  end
  return calls
end

-- An open upvalue of the host's frame, written from a helper thread.
local function deep(n)
  if n == 0 then return 0 end
  return 1 + deep(n - 1)
end
local function host()
  local x, x_lock = 0, sync.lock()
  local function add(n)
    x_lock:acquire()
    x = x + n
    x_lock:release()
  end
  local helper = thread.spawn(function()
    local added = 0
    while sys.monotonic() < deadline do
      add(3)
      added = added + 3
    end
    return added
  end)
  local mine, depth_ok = 0, true
  while sys.monotonic() < deadline do
    x_lock:acquire()
    x = x + 1
    x_lock:release()
    mine = mine + 1
    if mine % 64 == 0 and deep(3000) ~= 3000 then depth_ok = false end
    -- A collection may shrink the grown stack, so the next deep call grows it again.
    if mine % 4096 == 0 then collectgarbage() end
  end
  local added = helper:join()
  return x == mine + added and depth_ok, mine + added
end

-- A getter and a setter over one upvalue, on two threads.
local function make_cell()
  local value = 0
  return function() return value end, function(v) value = v end
end
local get, set = make_cell()
local open_value = 0
local function open_get() return open_value end
local function open_set(v) open_value = v end
local function setter(set)
  local v = 0
  while sys.monotonic() < deadline do
    v = v + 1
    set(v % 2 == 0 and v or v + 0.0)
  end
  return v
end
local function getter(get)
  local last, reads, broken = 0, 0, 0
  while sys.monotonic() < deadline do
    local v = get()
    if type(v) ~= "number" or math.tointeger(v) == nil or v < last then broken = broken + 1 end
    last = v
    reads = reads + 1
  end
  return reads, broken, last
end

-- Closures over closed upvalues, made here and called on another thread.
local closures = sync.queue(256)
local function maker()
  local made = 0
  while sys.monotonic() < deadline do
    for i = 1, 32 do
      local tag = made + i
      local calls = 0
      closures:put(function()
        calls = calls + 1
        return tag, calls
      end)
    end
    made = made + 32
  end
  closures:close()
  return made
end
local function caller()
  local called, sum, broken = 0, 0, 0
  while true do
    local f = closures:get()
    if f == nil then return called, sum, broken end
    local tag, calls = f()
    if calls ~= 1 then broken = broken + 1 end
    called = called + 1
    sum = sum + tag
  end
end

local bumpers = {}
for i = 1, 4 do bumpers[i] = thread.spawn(bumper) end
local hosts = { thread.spawn(host), thread.spawn(host) }
local set_thread, get_thread = thread.spawn(setter, set), thread.spawn(getter, get)
local open_set_thread, open_get_thread = thread.spawn(setter, open_set), thread.spawn(getter, open_get)
local make_thread, call_thread = thread.spawn(maker), thread.spawn(caller)

local calls = 0
for i = 1, 4 do calls = calls + bumpers[i]:join() end
print("shared counter exact", count == calls and calls > 0) -- expect: shared counter exact	true

local hosts_ok = true
for i = 1, 2 do
  local ok, total = hosts[i]:join()
  hosts_ok = hosts_ok and ok and total > 0
end
print("open upvalues from another thread", hosts_ok) -- expect: open upvalues from another thread	true

local last_set = set_thread:join()
local reads, get_broken, last_read = get_thread:join()
print("getter saw only what was set", get_broken == 0 and last_read <= last_set and reads > 0) -- expect: getter saw only what was set	true
last_set = open_set_thread:join()
reads, get_broken, last_read = open_get_thread:join()
print("open getter saw only what was set", get_broken == 0 and last_read <= last_set and reads > 0
  and open_value == last_set) -- expect: open getter saw only what was set	true

local made = make_thread:join()
local called, sum, call_broken = call_thread:join()
print("closed upvalues on another thread", called == made and sum == made * (made + 1) // 2 and
  call_broken == 0) -- expect: closed upvalues on another thread	true
