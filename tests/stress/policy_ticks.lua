-- A mixed workload under the ticks policy: CPU-bound threads, threads that
-- block (sleep, I/O, queues), native work with and without the GIL, one lock
-- for all. Every thread must make progress and every count must add up.
-- arg[1] scales the run time.
-- args: --gil-policy=ticks --switch-interval=0.002
local scale = tonumber(arg[1]) or 1
local deadline = sys.monotonic() + 3 * scale
local policy = gil.policy()
print(policy) -- expect: ticks

local lock = sync.lock()
local shared = 0
local requests, replies = sync.queue(4), sync.queue(4)

local function cpu_bound()
  local n, mine = 0, 0
  while sys.monotonic() < deadline do
    n = n + 1
    if n % 1000 == 0 then
      lock:acquire()
      shared = shared + 1
      lock:release()
      mine = mine + 1
    end
  end
  return mine
end

local function blocking(k)
  local mine = 0
  while sys.monotonic() < deadline do
    if k == 1 then thread.sleep(0.001) elseif k == 2 then work.io(0.001) else work.release_gil(0.001) end
    lock:acquire()
    shared = shared + 1
    lock:release()
    mine = mine + 1
  end
  return mine
end

-- A server thread answering requests; a client measures round trips.
local server = thread.spawn(function()
  local served = 0
  while true do
    local r = requests:get()
    if r == nil then return served end
    replies:put(r * 2)
    served = served + 1
  end
end)
local function client()
  local ok, n = 0, 0
  while sys.monotonic() < deadline do
    n = n + 1
    requests:put(n)
    if replies:get() == n * 2 then ok = ok + 1 end
  end
  return ok, n
end

local handles = {}
for i = 1, 3 do handles[#handles + 1] = thread.spawn(cpu_bound) end
for k = 1, 3 do handles[#handles + 1] = thread.spawn(blocking, k) end
local c = thread.spawn(client)
local sum, progressed = 0, 0
for _, h in ipairs(handles) do
  local mine = h:join()
  sum = sum + mine
  if mine > 0 then progressed = progressed + 1 end
end
local ok, n = c:join()
requests:close()
local served = server:join()
print("lock count", shared == sum) -- expect: lock count	true
print("round trips", ok == n, served == n) -- expect: round trips	true	true
print("everyone progressed", progressed == #handles and n > 0) -- expect: everyone progressed	true
