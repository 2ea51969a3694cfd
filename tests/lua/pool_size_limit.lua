-- The messages between a process pool and its workers hold at most 256 MiB.
-- A call or a result over that is a clear error on the side that would send
-- it, and the worker goes on: it is not mistaken for a worker that died.
local ex = executor.processes(1)
print(ex:submit(function() return "warm" end):result()) -- expect: warm
local pid = ex:pids()[1]

local big = string.rep("x", 256 * 1024 * 1024)
local ok, err = pcall(ex.submit, ex, function(s) return #s end, big)
big = nil
collectgarbage()
print(ok, err:match("cannot send the job's function and arguments: %d+ bytes marshalled, over the limit of 256 MiB$") ~= nil)
-- expect: false	true

local job = ex:submit(function() return string.rep("y", 256 * 1024 * 1024) end)
ok, err = pcall(job.result, job)
print(ok, err:match("^cannot send the job's results back: %d+ bytes marshalled, over the limit of 256 MiB$") ~= nil)
-- expect: false	true

print(ex:submit(function() return "still here" end):result()) -- expect: still here
print(ex:pids()[1] == pid) -- expect: true
ex:shutdown()
