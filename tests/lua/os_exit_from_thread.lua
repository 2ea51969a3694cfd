-- os.exit called by a spawned thread ends the whole process with its status,
-- while the main thread is blocked joining another thread.
-- expect-exit: 3
local sleeper = thread.spawn(function() thread.sleep(60) end)
thread.spawn(function()
  thread.sleep(0.05)
  print("exiting from a thread") -- expect: exiting from a thread
  os.exit(3)
end)
sleeper:join()
print("not reached")
