-- coroutine.close racing coroutine.resume from other threads, for the
-- free-threaded runtime (with a GIL the same calls are merely interleaved).
-- Close claims a coroutine the way resume does, in one atomic step, so of a
-- resume and a close that meet, one runs the coroutine and the other gets
-- Lua's error; two threads never run on one stack.
--
-- Each round the main thread makes a batch of coroutines. Each counts its
-- own steps, yields its step number, and holds a to-be-closed variable that
-- counts how often it is closed. Four threads then go over the batch in
-- orders of their own, resuming and closing at random. At the end of the
-- round, for every coroutine:
--   - the successful resumes of all threads add up to its own step count,
--     and the step numbers they received to 1 + 2 + ... + steps (each
--     number reached exactly one thread);
--   - its variable was closed exactly once if it started (the main thread
--     closes those that no close reached), and it is dead;
--   - every refusal is one of Lua's errors for a coroutine that is running
--     elsewhere or dead.
-- arg[1] scales the run time.
local scale = tonumber(arg[1]) or 1
local duration = 3 * scale
local deadline = sys.monotonic() + duration
if gil.enabled() then gil.switchinterval(0.0005) end
local BATCH, THREADS, PASSES = 24, 4, 6
local REFUSALS = {
  ["cannot resume non-suspended coroutine"] = true,
  ["cannot resume dead coroutine"] = true,
}

local function make(i)
  local c = { steps = 0, closed = 0 }
  c.co = coroutine.create(function()
    local guard <close> = setmetatable({}, {
      __close = function() c.closed = c.closed + 1 end,
    })
    while true do
      c.steps = c.steps + 1
      -- A little work while running, so that others try meanwhile.
      local s = 0
      for k = 1, (i % 4) * 50 do s = s + k end
      coroutine.yield(c.steps)
    end
  end)
  return c
end

-- One thread's passes over the batch: returns, per coroutine, the
-- successful resumes and the sum of the steps they got, and in all the
-- refusals and the unexpected errors.
local function worker(batch, seed)
  local resumes, sums = {}, {}
  for i = 1, #batch do resumes[i], sums[i] = 0, 0 end
  local refused, unexpected = 0, {}
  local x = seed
  for _ = 1, PASSES do
    for n = 1, #batch do
      x = (x * 1103515245 + 12345) % 2147483648
      local i = (n + x) % #batch + 1
      local c = batch[i]
      if x % 5 == 0 then
        local ok, ok_close, err = pcall(coroutine.close, c.co)
        if not ok then
          if tostring(ok_close):find("cannot close a running coroutine", 1, true) then
            refused = refused + 1
          else
            unexpected[#unexpected + 1] = tostring(ok_close)
          end
        elseif not ok_close then
          unexpected[#unexpected + 1] = "close failed: " .. tostring(err)
        end
      else
        local ok, v = coroutine.resume(c.co)
        if ok then
          resumes[i], sums[i] = resumes[i] + 1, sums[i] + v
        elseif REFUSALS[v] then
          refused = refused + 1
        else
          unexpected[#unexpected + 1] = tostring(v)
        end
      end
    end
  end
  return resumes, sums, refused, unexpected
end

local rounds, broken, refused_total = 0, 0, 0
local function fail(what)
  broken = broken + 1
  if broken <= 5 then io.stderr:write("round ", rounds, ": ", what, "\n") end
end
repeat
  rounds = rounds + 1
  local batch = {}
  for i = 1, BATCH do batch[i] = make(i) end
  local threads = {}
  for t = 1, THREADS do threads[t] = thread.spawn(worker, batch, rounds * 7919 + t) end
  local resumes, sums = {}, {}
  for i = 1, BATCH do resumes[i], sums[i] = 0, 0 end
  for t = 1, THREADS do
    local r, s, refused, unexpected = threads[t]:join()
    for i = 1, BATCH do resumes[i], sums[i] = resumes[i] + r[i], sums[i] + s[i] end
    refused_total = refused_total + refused
    for _, e in ipairs(unexpected) do fail("unexpected error: " .. e) end
  end
  for i, c in ipairs(batch) do
    assert(coroutine.close(c.co))  -- closes those that no close reached
    if resumes[i] ~= c.steps or sums[i] ~= c.steps * (c.steps + 1) // 2 then
      fail(("coroutine %d: %d resumes, %d steps, sum %d"):format(i, resumes[i], c.steps, sums[i]))
    end
    local started = c.steps > 0  -- else closed before it made its variable
    if c.closed ~= (started and 1 or 0) then
      fail(("coroutine %d: %d steps, closed %d times"):format(i, c.steps, c.closed))
    end
    if coroutine.status(c.co) ~= "dead" then fail(("coroutine %d: %s"):format(i, coroutine.status(c.co))) end
  end
until sys.monotonic() > deadline
print("every resume and close accounted for", broken == 0) -- expect: every resume and close accounted for	true
io.stderr:write(("%d rounds, %d refusals\n"):format(rounds, refused_total))
