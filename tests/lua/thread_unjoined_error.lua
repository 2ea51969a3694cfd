-- An error in a thread nobody joins is printed on stderr at exit (like an
-- exception in a Python thread); the program itself still succeeds. A joined
-- error is not printed again.
-- expect-stderr: gilvm: error in thread 2 (never joined): thread_unjoined_error.lua:8: forgotten
-- expect-stderr: stack traceback:
-- expect-stderr: gilvm: error in thread 4 (never joined): (error object is a table value)
-- expect-no-stderr: thread 3
thread.spawn(function() error("forgotten") end)
local joined = thread.spawn(function() error("seen") end)
print((select(2, pcall(joined.join, joined)):match("^[^\n]*"))) -- expect: thread_unjoined_error.lua:9: seen
print(select(2, pcall(joined.join, joined)):find("[thread 3]", 1, true) ~= nil) -- expect: true
thread.spawn(function() error({}) end)
print("main done") -- expect: main done
