-- Pools of other interpreters from the event loop: await(ex:submit(...)),
-- loop.run_in_executor, loop.gather, loop.wait_for; the loop keeps running
-- its other tasks while the jobs run.
for _, kind in ipairs({ "processes", "interpreters" }) do
  local ex = executor[kind](2)
  loop.run(function()
    print(kind, await(ex:submit(function(a, b) return a * b, "two" end, 6, 7)))
    local f = loop.run_in_executor(ex, function(s) return s:upper() end, "abc")
    print(await(f))
    -- the loop's other tasks run while a job does
    local ticks = 0
    local ticker = loop.spawn(function()
      while true do
        loop.sleep(0.005)
        ticks = ticks + 1
      end
    end)
    print(await(ex:submit(function() local t = sys.monotonic() while sys.monotonic() - t < 0.1 do end return "busy done" end)))
    ticker:cancel()
    print(ticks >= 2) -- about 20 on a quiet machine; a loaded one gives fewer
    local r = loop.gather(ex:submit(function() return 1 end), ex:submit(function() return 2 end),
      function() return 3 end)
    print(r[1], r[2], r[3])
    -- an error in the job reaches the awaiter with the worker's traceback
    local ok, e = pcall(await, ex:submit(function() error("remote failure") end))
    print(ok, e:match("^[^\n]*"), e:find("stack traceback:", 1, true) ~= nil)
    -- wait_for: a job that runs too long times out (it goes on running in
    -- its worker); one still queued is cancelled
    local long = ex:submit(function() local t = sys.monotonic() while sys.monotonic() - t < 0.3 do end return "long" end)
    local long2 = ex:submit(function() local t = sys.monotonic() while sys.monotonic() - t < 0.3 do end return "long" end)
    loop.sleep(0.05)
    local queued = ex:submit(function() return "never" end)
    print(pcall(loop.wait_for, long, 0.01))
    print(pcall(loop.wait_for, queued, 0.01))
    print(queued:cancelled(), long:cancelled())
    print(await(long), await(long2))
    print(loop.wait_for(ex:submit(function() return "in time" end), 10))
  end)
  ex:shutdown()
end
-- expect: processes	42	two
-- expect: ABC
-- expect: busy done
-- expect: true
-- expect: 1	2	3
-- expect: false	pool_loop.lua:25: remote failure	true
-- expect: false	timeout
-- expect: false	timeout
-- expect: true	false
-- expect: long	long
-- expect: in time
-- expect: interpreters	42	two
-- expect: ABC
-- expect: busy done
-- expect: true
-- expect: 1	2	3
-- expect: false	pool_loop.lua:25: remote failure	true
-- expect: false	timeout
-- expect: false	timeout
-- expect: true	false
-- expect: long	long
-- expect: in time
