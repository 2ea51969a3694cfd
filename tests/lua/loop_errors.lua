-- Errors in tasks reach their awaiter with the task's traceback; bad uses of
-- the loop give clear errors.
loop.run(function()
  local t = loop.spawn(function() error("task failed") end)
  local ok, err = pcall(await, t)
  print(ok, err:match("^[^\n]*")) -- expect: false	loop_errors.lua:4: task failed
  print(err:find("stack traceback:", 1, true) ~= nil) -- expect: true
  print(err:match("\n%[task %d+%] stack traceback:") ~= nil) -- expect: true
  -- an error value that is not a string arrives as it is
  local t2 = loop.spawn(function() error({ code = 7 }) end)
  local ok2, e2 = pcall(await, t2)
  print(ok2, type(e2), e2.code) -- expect: false	table	7
end)

-- The main task's error comes out of loop.run.
local ok, err = pcall(loop.run, function() error("main failed", 0) end)
print(ok, err:match("^[^\n]*")) -- expect: false	main failed

print(pcall(await, 1)) -- expect: false	bad argument #1 to 'await' (task or future expected, got number)
loop.run(function()
  local t = loop.spawn(function() end)
  local co = coroutine.create(function() return pcall(await, t) end)
  print(coroutine.resume(co)) -- expect: true	true
end)
local fut = executor.threads(1):submit(function() return 1 end)
print(pcall(await, fut)) -- expect: false	await outside a task (only code run by loop.run or loop.spawn can await)
print(pcall(loop.sleep, 1)) -- expect: false	loop.sleep: no loop is running on this thread (start one with loop.run)
print(pcall(loop.spawn, print)) -- expect: false	loop.spawn: no loop is running on this thread (start one with loop.run)
print(pcall(loop.run, 42)) -- expect: false	bad argument #1 to 'loop.run' (function expected, got number)
loop.run(function()
  print(pcall(loop.run, print)) -- expect: false	loop.run: a loop is already running on this thread
  print(pcall(loop.sleep, -1)) -- expect: false	bad argument #1 to 'loop.sleep' (seconds must be non-negative)
  print(pcall(loop.sleep, "x")) -- expect: false	bad argument #1 to 'loop.sleep' (number expected, got string)
  print(pcall(coroutine.yield)) -- expect: false	attempt to yield from outside a coroutine
  local me = loop.spawn(function() loop.sleep(0.1) end)
  print(pcall(me.result, me)) -- expect: false	cannot block on a task of this thread's own loop (await it)
  me:cancel()
end)

-- A failed task nobody awaited is reported when its loop ends.
loop.run(function()
  loop.spawn(function() error("nobody saw this") end)
  loop.sleep(0.01)
end)
-- expect-stderr: failed and nobody awaited it: loop_errors.lua:42: nobody saw this
print("after") -- expect: after
