-- Raw task-switch speed of the event loop. Prints one JSON line:
--   sleep0_per_s     loop.sleep(0) round trips of one task (yield to the loop
--                    and come back; asyncio.sleep(0))
--   chain_per_s      spawn+await steps: a task spawns a child that returns at
--                    once and awaits it, N times (asyncio.create_task + await)
--
--   gilvm bench/loop/switches.lua [N]
local N = math.tointeger(tonumber(arg[1])) or 1000000
local result = loop.run(function()
  local t0 = loop.now()
  for _ = 1, N do loop.sleep(0) end
  local sleep0 = loop.now() - t0
  local function child(x) return x end
  t0 = loop.now()
  local sum = 0
  for i = 1, N do sum = sum + await(loop.spawn(child, i)) end
  local chain = loop.now() - t0
  assert(sum == N * (N + 1) // 2)
  return { sleep0 = sleep0, chain = chain }
end)
print(string.format('{"bench":"switches","steps":%d,"sleep0_per_s":%.0f,"chain_per_s":%.0f}', N,
                    N / result.sleep0, N / result.chain))
