-- A failed task that nobody awaited is reported on stderr when it is
-- collected (asyncio: "Task exception was never retrieved"), or when its
-- loop ends if it is still reachable then; the loop does not keep it alive.
-- A loop that spawns failing tasks for ever stays the same size.
loop.run(function()
  local function churn(n)
    for i = 1, n do
      loop.spawn(function() error("lost " .. i) end)
      if i % 100 == 0 then loop.sleep(0) end
    end
    loop.sleep(0)
  end
  churn(1000)
  collectgarbage()
  collectgarbage()
  -- (the last task's handle may linger in a dead register until it is reused)
  print("collected", loop.stats().failed <= 1) -- expect: collected	true
  local before = collectgarbage("count")
  churn(5000)
  collectgarbage()
  collectgarbage()
  local grown = collectgarbage("count") - before
  print("heap bounded", grown < 1024, loop.stats().failed <= 1) -- expect: heap bounded	true	true

  -- Still reachable when the loop ends: reported then. Awaited: not at all.
  kept = loop.spawn(function() error("kept and never awaited") end)
  local seen = loop.spawn(function() error("awaited") end)
  loop.sleep(0)
  print(select(2, pcall(await, seen)):match("^[^\n]*")) -- expect: loop_unawaited_failures.lua:27: awaited
  print("alive", loop.stats().failed >= 1) -- expect: alive	true
end)
-- expect-stderr: failed and nobody awaited it: loop_unawaited_failures.lua:8: lost 1
-- expect-stderr: failed and nobody awaited it: loop_unawaited_failures.lua:8: lost 5000
-- expect-stderr: failed and nobody awaited it: loop_unawaited_failures.lua:26: kept and never awaited
-- expect-no-stderr: failed and nobody awaited it: loop_unawaited_failures.lua:27: awaited
