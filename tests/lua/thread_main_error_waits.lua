-- An uncaught error in the main chunk still waits for the running threads
-- (their output comes after the main chunk's), then exits with status 1.
-- expect-error: thread_main_error_waits.lua:11: main failed
local failing = sync.event()
thread.spawn(function()
  failing:wait()
  thread.sleep(0.05)
  print("thread finished")
end)
print("main fails") -- expect: main fails
failing:set() error("main failed")
-- expect: thread finished
