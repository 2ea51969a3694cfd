-- At exit the program waits for the jobs queued in pools nobody shut down,
-- as it does for a thread pool's. What a job prints reaches the program's
-- standard output (a worker process inherits it).
print("main done") -- expect: main done
local px = executor.processes(1)
px:submit(function() thread.sleep(0.1) print("process job done before exit") end)
-- expect: process job done before exit
-- (on stderr, which the test does not order against stdout: the two jobs
-- run at the same time)
local ix = executor.interpreters(1)
ix:submit(function() thread.sleep(0.2) io.stderr:write("interpreter job done before exit\n") end)
-- expect-stderr: interpreter job done before exit
-- A failure nobody reads is not reported, as with thread pools.
px:submit(function() error("nobody reads this") end)
