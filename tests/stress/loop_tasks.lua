-- Thousands of tasks with awaits, cancellations and timeouts, on loops in
-- several OS threads at once, with exact accounting: every task ends exactly
-- once, as done, failed or cancelled, and the totals add up. Futures cross
-- threads: tasks await thread-pool jobs and tasks of other loops.
-- arg[1] scales the task counts.
local scale = tonumber(arg[1]) or 1
local TASKS = math.max(100, math.floor(2000 * scale))
local ROUNDS = math.max(2, math.floor(10 * scale))
local LOOPS = 3

local pool = executor.threads(2)
local published = sync.queue()  -- tasks of one loop, for others to await

local function run_one_loop(id)
  return loop.run(function()
    local tasks, expected = {}, { done = 0, failed = 0, cancelled = 0, timeout = 0 }
    for i = 1, TASKS do
      local kind = i % 6
      if kind == 0 then
        -- sleeps, then returns its number
        tasks[i] = loop.spawn(function() loop.sleep(0.001 * (i % 7)) return i end)
        expected.done = expected.done + 1
      elseif kind == 1 then
        -- fails after an await
        tasks[i] = loop.spawn(function() loop.sleep(0) error({ i = i }) end)
        expected.failed = expected.failed + 1
      elseif kind == 2 then
        -- is cancelled while sleeping (or before it starts)
        tasks[i] = loop.spawn(function() loop.sleep(5) return "never" end)
        expected.cancelled = expected.cancelled + 1
      elseif kind == 3 then
        -- awaits a pool job
        tasks[i] = loop.spawn(function() return await(pool:submit(function(x) return x end, i)) end)
        expected.done = expected.done + 1
      elseif kind == 4 then
        -- gives up on a slow task with wait_for
        tasks[i] = loop.spawn(function()
          local ok, err = pcall(loop.wait_for, loop.spawn(function() loop.sleep(5) end), 0.002)
          assert(not ok and err == "timeout", tostring(err))
          return i
        end)
        expected.timeout = expected.timeout + 1
      else
        -- a chain of awaits through plain coroutines
        tasks[i] = loop.spawn(function()
          local gen = coroutine.wrap(function()
            for k = 1, 3 do
              loop.sleep(0)
              coroutine.yield(k)
            end
          end)
          return i + gen() + gen() + gen() - 6
        end)
        expected.done = expected.done + 1
      end
      if i % 500 == 0 then published:put(tasks[i]) end
    end
    for i = 2, TASKS, 6 do tasks[i]:cancel() end
    -- await a few tasks of the other loops
    local foreign = 0
    for _ = 1, 2 do
      local t = published:get(0.5)
      if t then
        local ok = pcall(await, t)
        foreign = foreign + 1
      end
    end
    local got = { done = 0, failed = 0, cancelled = 0, timeout = 0 }
    local sum = 0
    for i = 1, TASKS do
      local ok, v = pcall(await, tasks[i])
      if ok then
        if i % 6 == 4 then got.timeout = got.timeout + 1 else got.done = got.done + 1 end
        sum = sum + v
      elseif v == "cancelled" then
        got.cancelled = got.cancelled + 1
      else
        assert(type(v) == "table" and v.i == i, tostring(v))
        got.failed = got.failed + 1
      end
    end
    for k, n in pairs(expected) do assert(got[k] == n, k .. ": " .. got[k] .. " ~= " .. n) end
    return sum, foreign
  end)
end

local want = 0
for i = 1, TASKS do if i % 6 ~= 1 and i % 6 ~= 2 then want = want + i end end
for _ = 1, ROUNDS do
  local threads = {}
  for id = 1, LOOPS - 1 do threads[id] = thread.spawn(run_one_loop, id) end
  local sums = { (run_one_loop(0)) }
  for id = 1, LOOPS - 1 do sums[#sums + 1] = threads[id]:join() end
  -- every loop's tasks: the same numbers
  for _, s in ipairs(sums) do assert(s == want, s .. " ~= " .. want) end
end
pool:shutdown()
print("loop stress ok") -- expect: loop stress ok
