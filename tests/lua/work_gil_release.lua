-- hold_gil keeps the GIL for its whole run: no other thread runs meanwhile.
-- release_gil and io give it up: other threads run meanwhile.
-- The GIL at work: gilvm-ft runs this with its GIL turned on.
-- args: --gil=on

-- Runs `call` (0.3 s long) on a new thread while this thread spins. Returns
-- whether this thread ran in the middle of the call (not at its edges: the
-- thread may let this one run at a poll just before or after the call), and
-- this thread's longest stall.
local function beside(call)
  local began
  local done = false
  -- From before the spawn: the thread may take the GIL at this thread's very
  -- next poll.
  local last, longest = sys.monotonic(), 0
  local h = thread.spawn(function()
    began = sys.monotonic()
    call()
    done = true
  end)
  local ran_during = false
  local function look()
    local now = sys.monotonic()
    if now - last > longest then longest = now - last end
    last = now
    if began and now > began + 0.1 and now < began + 0.2 then ran_during = true end
  end
  while not done do look() end
  look() -- the stall may end just before the loop's last test
  h:join()
  return ran_during, longest
end

local _, longest = beside(function() work.hold_gil(0.3) end)
print(longest >= 0.29) -- expect: true
local ran = beside(function() work.release_gil(0.3) end)
print(ran) -- expect: true
ran = beside(function() work.io(0.3) end)
print(ran) -- expect: true
