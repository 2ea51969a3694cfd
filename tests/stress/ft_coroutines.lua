-- Coroutines shared between threads, for the free-threaded runtime (with a
-- GIL the same resumes are merely interleaved). A coroutine belongs to no
-- OS thread; only one may run it at a time, and a thread that tries to
-- resume one that is running (or normal: it resumed another) elsewhere gets
-- an error saying it cannot resume, never a crash and never a second run.
--   hand-off  the main thread makes 16 generators; four workers take them
--             from a queue, resume each a few times (so one is resumed from
--             a different thread than last time, and from inside a pcall
--             where it yielded) and put them back; each generator counts
--             its own steps, so at the end the steps must add up to the
--             resumes
--   contended four threads resume one coroutine, and call one wrapped
--             coroutine, as fast as they can with no lock; both spend part
--             of each step inside a nested coroutine that sleeps (releasing
--             a GIL, if any), so the others try while they run. Every value
--             each yields must reach exactly one thread; every refusal must
--             say "cannot resume"; each finishes once, at the deadline
-- arg[1] scales the run time.
local scale = tonumber(arg[1]) or 1
local duration = 4 * scale
local deadline = sys.monotonic() + duration
if gil.enabled() then gil.switchinterval(0.0005) end
local GENERATORS, HANDLERS, CONTENDERS = 16, 4, 4
local STATUSES = { suspended = true, running = true, normal = true, dead = true }

-- Hand-off: generators that yield inside a pcall, passed between threads.
local ready = sync.queue()
for g = 1, GENERATORS do
  ready:put({ id = g, co = coroutine.create(function()
    local steps = 0
    while true do
      local ok, err = pcall(function()
        steps = steps + 1
        coroutine.yield(steps)
      end)
      if not ok then error(err) end
    end
  end), steps = 0 })
end

local function handler()
  local resumes, broken = 0, 0
  while sys.monotonic() < deadline do
    local gen = ready:get(0.1)
    if gen then
      for _ = 1, gen.id % 3 + 1 do
        local ok, steps = coroutine.resume(gen.co)
        resumes = resumes + 1
        if not ok or steps ~= gen.steps + 1 then broken = broken + 1 end
        gen.steps = ok and steps or gen.steps
      end
      ready:put(gen)
    end
  end
  return resumes, broken
end

-- Contended: a nested coroutine makes the outer one "normal" while it runs.
local function stepping_body()
  local inner = coroutine.wrap(function()
    while true do
      thread.sleep(0)
      coroutine.yield()
    end
  end)
  local i = 0
  while sys.monotonic() < deadline do
    i = i + 1
    inner()
    coroutine.yield(i)
  end
  return "done"
end
local hot = coroutine.create(stepping_body)
local wrapped = coroutine.wrap(stepping_body)

-- Returns the values this thread received from each, and its refusals.
local function contender()
  local from_hot, from_wrapped = {}, {}
  local refused, broken, finished = 0, 0, 0
  local hot_over, wrapped_over = false, false
  local function refusal(err)
    if tostring(err):find("cannot resume", 1, true) then
      refused = refused + 1
      return tostring(err):find("dead", 1, true) ~= nil
    end
    broken = broken + 1
    io.stderr:write("contender: unexpected error: ", tostring(err), "\n")
    return true
  end
  while not (hot_over and wrapped_over) do
    if not hot_over then
      local ok, v = coroutine.resume(hot)
      if ok and v == "done" then
        finished, hot_over = finished + 1, true
      elseif ok then
        from_hot[#from_hot + 1] = v
      else
        hot_over = refusal(v)
      end
      if not STATUSES[coroutine.status(hot)] then broken = broken + 1 end
    end
    if not wrapped_over then
      local ok, v = pcall(wrapped)
      if ok and v == "done" then
        finished, wrapped_over = finished + 1, true
      elseif ok then
        from_wrapped[#from_wrapped + 1] = v
      else
        wrapped_over = refusal(v)
      end
    end
  end
  return from_hot, from_wrapped, refused, broken, finished
end

local handlers, contenders = {}, {}
for i = 1, HANDLERS do handlers[i] = thread.spawn(handler) end
for i = 1, CONTENDERS do contenders[i] = thread.spawn(contender) end

local resumes, broken = 0, 0
for i = 1, HANDLERS do
  local r, b = handlers[i]:join()
  resumes, broken = resumes + r, broken + b
end
local steps, back = 0, 0
while ready:size() > 0 do
  local gen = ready:get()
  steps, back = steps + gen.steps, back + 1
end
print("hand-off: every generator back", back) -- expect: hand-off: every generator back	16
print("hand-off: steps add up", steps == resumes and resumes > 0 and broken == 0) -- expect: hand-off: steps add up	true

-- Every value 1..n reached exactly one thread, for each coroutine.
local function exactly_once(lists)
  local seen, count, top = {}, 0, 0
  for _, list in ipairs(lists) do
    for _, v in ipairs(list) do
      if seen[v] or math.type(v) ~= "integer" then return false end
      seen[v] = true
      count = count + 1
      if v > top then top = v end
    end
  end
  return count == top and count > 0
end
local hot_lists, wrapped_lists = {}, {}
local refused, finished = 0, 0
for i = 1, CONTENDERS do
  local h, w, r, b, f = contenders[i]:join()
  hot_lists[i], wrapped_lists[i] = h, w
  refused, broken, finished = refused + r, broken + b, finished + f
end
print("contended: each value once", exactly_once(hot_lists), exactly_once(wrapped_lists)) -- expect: contended: each value once	true	true
print("contended: finished once each", finished) -- expect: contended: finished once each	2
print("contended: refused with 'cannot resume'", refused > 0 and broken == 0) -- expect: contended: refused with 'cannot resume'	true
print("status", coroutine.status(hot)) -- expect: status	dead
