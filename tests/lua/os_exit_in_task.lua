-- os.exit in an event-loop task (a fiber) ends the process with its status,
-- while the main task sleeps; buffered output is flushed.
-- expect-exit: 7
loop.run(function()
  loop.spawn(function()
    io.write("from the task\n") -- expect: from the task
    os.exit(7)
  end)
  loop.sleep(60)
  print("not reached")
end)
