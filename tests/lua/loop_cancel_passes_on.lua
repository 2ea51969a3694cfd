-- Cancelling a task that waits in loop.gather or loop.wait_for cancels what
-- it waits for too (as asyncio's gather and wait_for do), and wait_for's
-- timeout cancels the task it gave up on even when that task belongs to a
-- loop on another thread (and only that task).
loop.run(function()
  local ended = {}
  local function sleeper(name)
    return function()
      local ok, err = pcall(loop.sleep, 10)
      ended[name] = err
    end
  end
  local gathering = loop.spawn(function() return loop.gather(sleeper("a"), sleeper("b")) end)
  local waiting = loop.spawn(function() return loop.wait_for(sleeper("c"), 10) end)
  loop.sleep(0.01)
  gathering:cancel()
  waiting:cancel()
  print(pcall(await, gathering)) -- expect: false	cancelled
  print(pcall(await, waiting)) -- expect: false	cancelled
  loop.sleep(0)
  print(ended.a, ended.b, ended.c) -- expect: cancelled	cancelled	cancelled

  -- gather's first failure is raised and the others go on
  local slow = loop.spawn(function() loop.sleep(0.02) return "slow done" end)
  local ok, err = pcall(loop.gather, function() error("fast failure", 0) end, slow)
  print(ok, err:match("^[^\n]*")) -- expect: false	fast failure
  print(await(slow)) -- expect: slow done
end)

loop.run(function()
  -- A task of a loop on another thread, given up by wait_for here: that
  -- task is cancelled, not the task of this loop that has the same key
  -- (both loops are new: their second tasks have the same slot).
  local published, done = sync.queue(), sync.event()
  local other = thread.spawn(function()
    return loop.run(function()
      local t = loop.spawn(function() return pcall(loop.sleep, 10) end)
      published:put(t)
      local ok, err = await(t)
      done:set()
      return ok, err
    end)
  end)
  local mine = loop.spawn(function() loop.sleep(0.2) return "mine finished" end)
  local theirs = published:get()
  print(pcall(loop.wait_for, theirs, 0.01)) -- expect: false	timeout
  print(other:join()) -- expect: false	cancelled
  print(await(mine)) -- expect: mine finished
end)
