-- A joined error nobody catches ends the program with the thread's traceback
-- and the joiner's.
-- expect-error: thread_error_uncaught.lua:7: deep down
-- expect-error: [thread 2] stack traceback:
-- expect-error: thread_error_uncaught.lua:7: in
-- expect-no-stderr: never joined
local function inner() error("deep down") end
local h = thread.spawn(function() inner() end)
print("joining") -- expect: joining
h:join()
print("not reached")
