-- A coroutine's captured local, used from another thread while the
-- coroutine's stack ends (for the free-threaded runtime; with a GIL the
-- same calls are merely interleaved). When a coroutine dies of an error, is
-- closed or is collected, its open upvalues close: their values move off the
-- stack, which goes to the next coroutine. Meanwhile a writer thread keeps
-- reading and writing the local through closures, with no lock:
--   - every value it reads is one it wrote (never half of one: the values
--     alternate between integers and floats, so a torn read shows);
--   - no write is lost in the move: once the writer stops, the variable
--     holds exactly the last value it wrote.
-- arg[1] scales the run time.
local scale = tonumber(arg[1]) or 1
local duration = 3 * scale
local deadline = sys.monotonic() + duration
if gil.enabled() then gil.switchinterval(0.0005) end

-- The writer's n-th value: n itself if even, n + 0.5 if odd.
local function value_of(n)
  return n % 2 == 0 and n or n + 0.5
end
local function written(x, bound)
  if math.type(x) == "integer" then return x % 2 == 0 and x >= 0 and x <= bound end
  if math.type(x) == "float" then return (x - 0.5) % 2 == 1 and x <= bound + 0.5 end
  return false
end

local work, done = sync.queue(), sync.queue()
local writer = thread.spawn(function()
  local n, bad = 0, 0
  while true do
    local cell = work:get()
    if cell == "quit" then return bad end
    local last = cell.get()
    repeat
      local x = cell.get()
      if not written(x, n) then
        bad = bad + 1
        io.stderr:write("writer read ", tostring(x), " (", math.type(x) or type(x), ")\n")
      end
      n = n + 1
      last = value_of(n)
      cell.set(last)
    until cell.stop
    done:put(last)
  end
end)

-- One round: a coroutine captures a local in `cell`, yields, and then ends
-- the way `how` says while the writer works on the local.
local WAYS = { "error", "close", "collect", "return" }
local function start(cell, how)
  local co = coroutine.create(function()
    local v = 0
    cell.get = function() return v end
    cell.set = function(x) v = x end
    coroutine.yield()
    if how == "error" then error("ends by error") end
  end)
  coroutine.resume(co)
  return co
end
local function round(how)
  local cell = { stop = false }
  local co = start(cell, how)
  work:put(cell)
  thread.sleep(0)
  if how == "close" then
    assert(coroutine.close(co))
  elseif how == "collect" then
    co = nil
    collectgarbage()
  else
    local ok, err = coroutine.resume(co)
    assert(ok == (how == "return"), err)
  end
  -- A few more writes land on the closed variable.
  thread.sleep(0)
  cell.stop = true
  local last = done:get()
  return cell.get() == last
end

local rounds, lost = 0, 0
repeat
  rounds = rounds + 1
  if not round(WAYS[rounds % #WAYS + 1]) then lost = lost + 1 end
until sys.monotonic() > deadline
work:put("quit")
local torn = writer:join()
print("every value read was written", torn == 0) -- expect: every value read was written	true
print("no write lost", lost == 0) -- expect: no write lost	true
io.stderr:write(("%d rounds\n"):format(rounds))
