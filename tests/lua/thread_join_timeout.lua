-- join(timeout) gives nil, "timeout" when the thread has not finished in time.
local go = sync.event()
local h = thread.spawn(function() go:wait() return "done" end)
print(h:join(0)) -- expect: nil	timeout
local start = sys.monotonic()
print(h:join(0.05)) -- expect: nil	timeout
print(sys.monotonic() - start >= 0.045) -- expect: true
print(h:alive()) -- expect: true
go:set()
print(h:join(30)) -- expect: done
print(h:join(0)) -- expect: done

-- A finished thread's join never waits, whatever the timeout.
local quick = thread.spawn(function() return 1 end)
print(quick:join()) -- expect: 1
print(quick:join(0)) -- expect: 1
