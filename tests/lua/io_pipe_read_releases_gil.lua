-- A read that waits on a pipe releases the GIL: another thread runs while
-- this one waits for the command's output. So does close, which waits for
-- the command to end, and os.execute.

-- Runs `wait` (about 0.6 s of waiting) while a thread spins; returns what
-- wait returned and whether the thread ran in the middle of the wait.
-- (The threads share a table, not live locals: see io_stdin_read_releases_gil.lua.)
local function beside(wait)
  local s = { done = false, ran_during = false }
  local h = thread.spawn(function()
    while not s.done do
      local now = sys.monotonic()
      if s.began and now > s.began + 0.05 and now < s.began + 0.5 then s.ran_during = true end
    end
  end)
  s.began = sys.monotonic()
  local result = wait()
  s.done = true
  h:join()
  return result, s.ran_during
end

local p = io.popen("sleep 0.6; echo output")
print(beside(function() return p:read("l") end)) -- expect: output	true
p:close()

p = io.popen("sleep 0.6")
print(beside(function() return select(3, p:close()) end)) -- expect: 0	true

print(beside(function() return select(3, os.execute("sleep 0.6; exit 4")) end)) -- expect: 4	true

-- Lines from a pipe, too.
p = io.popen("echo first; sleep 0.6; echo second")
print(p:read("l")) -- expect: first
print(beside(function() for l in p:lines() do return l end end)) -- expect: second	true
p:close()
