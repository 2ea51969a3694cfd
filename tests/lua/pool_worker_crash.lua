-- A worker process that dies fails exactly the job it was running, with the
-- way it died; the pool replaces it and carries on. A worker that dies while
-- idle is replaced without failing anything, even when a job was sent to it
-- as it died. After shutdown no worker
-- process is left, not even as a zombie.
local ex = executor.processes(2)
local seen = {}
local function remember()
  for _, pid in ipairs(ex:pids()) do seen[pid] = true end
end
-- Two jobs long enough that one worker cannot do both: two workers running.
local function two_workers()
  local naps = { ex:submit(thread.sleep, 0.3), ex:submit(thread.sleep, 0.3) }
  for _, f in ipairs(naps) do f:result() end
end
two_workers()
remember()

-- The job tells us its worker's pid through a file, then spins; we kill it.
local path = os.tmpname()
local victim = ex:submit(function(file)
  local pid = io.open("/proc/self/stat"):read("n")
  local f = io.open(file, "w")
  f:write(pid)
  f:close()
  while true do end
end, path)
local bystander = ex:submit(function() thread.sleep(0.3) return "bystander done" end)
local pid
repeat
  thread.sleep(0.01)
  local f = io.open(path)
  pid = f and f:read("n")
  if f then f:close() end
until pid
os.remove(path)
os.execute("kill -9 " .. pid)
print(pcall(victim.result, victim)) -- expect: false	worker process died (signal 9)
print(bystander:result()) -- expect: bystander done
print(table.concat(ex:map(function(x) return x + 1 end, { 1, 2, 3, 4 }), " ")) -- expect: 2 3 4 5
two_workers()
remember()
local replaced = true
for _, p in ipairs(ex:pids()) do if p == pid then replaced = false end end
print(replaced, #ex:pids()) -- expect: true	2

-- A job that ends its worker with os.exit
print(pcall(function() return ex:submit(function() os.exit(3) end):result() end))
-- expect: false	worker process died (exit status 3)
print(pcall(function() return ex:submit(function() os.exit(true) end):result() end))
-- expect: false	worker process died (exit status 0)
print(ex:submit(function() return "carries on" end):result()) -- expect: carries on

-- Workers killed while idle are replaced; no job fails for them.
ex:map(function() end, { 1, 2 })
remember()
for _, p in ipairs(ex:pids()) do os.execute("kill -9 " .. p) end
thread.sleep(0.05)
print(table.concat(ex:map(function(x) return x * 2 end, { 1, 2, 3 }), " ")) -- expect: 2 4 6
remember()

-- Killed while idle, right before a job is submitted (no pause for the
-- worker to finish dying): the job never reached it, so it goes to a new
-- worker instead of failing. ex:pids() never lists a worker already reaped.
local failed, unknown = 0, 0
for _ = 1, 20 do
  ex:map(function() end, { 1, 2 })
  remember()
  for _, p in ipairs(ex:pids()) do os.execute("kill -9 " .. p) end
  for _, f in ipairs({ ex:submit(function() return 1 end), ex:submit(function() return 2 end) }) do
    if not pcall(f.result, f) then failed = failed + 1 end
  end
  for _, p in ipairs(ex:pids()) do
    if not io.open("/proc/" .. p .. "/stat") then unknown = unknown + 1 end
  end
end
remember()
print("failed", failed, "reaped but listed", unknown) -- expect: failed	0	reaped but listed	0

ex:shutdown()
print(#ex:pids()) -- expect: 0
local left = {}
for p in pairs(seen) do
  if io.open("/proc/" .. p .. "/stat") then left[#left + 1] = p end
end
print("left behind: " .. #left) -- expect: left behind: 0
