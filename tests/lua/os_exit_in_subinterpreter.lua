-- os.exit in a subinterpreter job ends the whole process with its status,
-- as os._exit does in a CPython subinterpreter: the interpreters share the
-- process (docs/interpreters.md). What both interpreters wrote is flushed.
-- The job exits from inside a coroutine, on a fiber.
-- expect-exit: 5
io.write("from the main interpreter\n") -- expect: from the main interpreter
local ex = executor.interpreters(1)
ex:submit(function()
  io.write("from the job\n") -- expect: from the job
  coroutine.wrap(function() os.exit(5) end)()
end):result()
print("not reached")
