-- One future, many readers at once: tasks of loops on several OS threads and
-- threads blocked in result() take the outcome of the same job together. An
-- outcome that arrives as bytes (a subinterpreter's, a worker process's) is
-- decoded once, by whichever reader comes first, and every reader gets all of
-- it; a failure reaches every reader too. In the free-threaded build nothing
-- serialises the readers: TSan checks that they write nothing but what the
-- future's protocol lets them (future.h). arg[1] scales the rounds.
local scale = tonumber(arg[1]) or 1
local ROUNDS = math.max(10, math.floor(100 * scale))
local READERS = 4

local pools = { executor.interpreters(1), executor.processes(1) }
for round = 1, ROUNDS do
  local pool = pools[round % 2 + 1]
  local fails = round % 3 == 0
  local job = pool:submit(function(n, fail)
    if fail then error({ n = n }) end
    return n, string.rep("x", n), { n = n, list = { 1, 2, 3 } }
  end, round, fails)
  while not job:done() do thread.sleep(0.0005) end -- done, not yet decoded
  local go = sync.event()
  local readers = {}
  for i = 1, READERS do
    readers[i] = thread.spawn(function()
      go:wait()
      local function take()
        local ok, n, s, t = pcall(i % 2 == 0 and await or job.result, job)
        if not ok then return type(n) == "table" and n.n == round and "failed" or tostring(n) end
        return n == round and #s == round and t.n == round and #t.list == 3 and "done" or "wrong"
      end
      if i % 2 == 0 then return loop.run(take) end
      return take()
    end)
  end
  go:set()
  for i = 1, READERS do
    local got = readers[i]:join()
    assert(got == (fails and "failed" or "done"), "round " .. round .. " reader " .. i .. ": " .. got)
  end
end
for _, pool in ipairs(pools) do pool:shutdown() end
print("future readers ok") -- expect: future readers ok
