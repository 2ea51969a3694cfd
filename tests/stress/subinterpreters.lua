-- Subinterpreters under load, for some seconds: four subinterpreters, each
-- with its own GIL, running at once on as many cores as there are, fed by
-- four threads of the main interpreter and by an event loop, with jobs that
-- allocate (collections run in every interpreter at once), start coroutines
-- and threads of their own, fail, and return large nested values; pools made
-- and torn down while others run. Under ThreadSanitizer, anything that two
-- interpreters share without a lock shows up here. At the end every total
-- must add up. arg[1] scales the run time (the sanitizer builds run it
-- shorter).
local scale = tonumber(arg[1]) or 1
local duration = 6 * scale
local deadline = sys.monotonic() + duration
local ex = executor.interpreters(4)

-- A job: builds a nested value from n, checks it, and returns it with a sum.
local function job(n)
  local t = { n = n, list = {}, name = "job " .. n }
  for i = 1, 200 do t.list[i] = { i, tostring(i * n) } end
  local co = coroutine.wrap(function()
    for i = 1, 3 do coroutine.yield(i) end
  end)
  local s = co() + co() + co()
  if n % 50 == 0 then
    local h = thread.spawn(function(x) return x * 2 end, n)
    s = s + h:join() - 2 * n
  end
  if n % 97 == 0 then error("job " .. n .. " fails on purpose") end
  return t, s + n
end

local function check(n, t, s)
  return t.n == n and #t.list == 200 and t.list[200][2] == tostring(200 * n) and s == n + 6
end

-- Producers on threads of the main interpreter: submit, then wait.
local producers = {}
for p = 1, 4 do
  producers[p] = thread.spawn(function()
    local done, failed, bad, n = 0, 0, 0, p
    repeat  -- at least once, however late a busy machine starts the thread
      local futures = {}
      for k = 1, 8 do futures[k] = { n, ex:submit(job, n) } n = n + 4 end
      for _, pair in ipairs(futures) do
        local ok, t, s = pcall(pair[2].result, pair[2])
        if ok then
          done = done + 1
          if pair[1] % 97 == 0 or not check(pair[1], t, s) then bad = bad + 1 end
        elseif pair[1] % 97 == 0 and t:find("fails on purpose", 1, true) then
          failed = failed + 1
        else
          bad = bad + 1
        end
      end
    until sys.monotonic() >= deadline
    return done, failed, bad
  end)
end

-- An event loop awaiting jobs, and pools made and torn down meanwhile.
local loop_done, churned = 0, 0
loop.run(function()
  -- At least once, however late a busy machine starts this loop.
  repeat
    local t, s = await(ex:submit(job, 1))
    if check(1, t, s) then loop_done = loop_done + 1 end
    local short = executor.interpreters(2)
    local a, b = short:submit(function(x) return x + 1 end, 1), short:submit(function() return collectgarbage("count") > 0 end)
    if a:result() == 2 and b:result() == true then churned = churned + 1 end
    short:shutdown()
  until sys.monotonic() >= deadline
end)

local done, failed, bad = 0, 0, 0
for p = 1, 4 do
  local d, f, b = producers[p]:join()
  done, failed, bad = done + d, failed + f, bad + b
end
ex:shutdown()
-- (the jobs that fail on purpose failed, the others did not)
print(done > 0, bad, loop_done > 0, churned > 0)
-- expect: true	0	true	true
