-- A stack that went deep and came back gives its memory back at the next
-- collection: coroutines suspended near the bottom of their stacks after a
-- deep recursion, and a thread's own stack, shrink (as Lua's do). Measured
-- in the process's resident memory (Linux); the sanitizers' shadow memory
-- does not shrink with it, hence GIL builds only (gil, asan: an eighth).
-- build: gil
local function resident_kb()
  for line in io.lines("/proc/self/status") do
    local kb = line:match("^VmRSS:%s+(%d+)")
    if kb then return tonumber(kb) end
  end
end
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end

collectgarbage()
local before = resident_kb()
local suspended = {}
for i = 1, 4 do
  suspended[i] = coroutine.wrap(function()
    depth(200000)
    coroutine.yield()
    return i
  end)
  suspended[i]()
end
print(depth(200000)) -- expect: 200000
local grown = resident_kb() - before
collectgarbage()
local kept = resident_kb() - before
print(grown > 5 * 8000) -- expect: true
print(kept < grown / 4) -- expect: true
if kept >= grown / 4 then print(("grew by %d KB, kept %d KB"):format(grown, kept)) end
-- They are whole again when they go on.
local sum = 0
for i = 1, 4 do sum = sum + suspended[i]() end
print(sum, depth(1000)) -- expect: 10	1000
