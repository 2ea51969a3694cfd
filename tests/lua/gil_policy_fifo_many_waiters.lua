-- --gil-policy=fifo with a thousand threads released at once: each waits in
-- line for the GIL, and every one of them finishes with its result. The
-- hand-off wakes the next in line, not the whole line
-- (bench/gil/release_many.lua measures how long it takes).
-- args: --gil-policy=fifo
-- The GIL at work: gilvm-ft runs this with its GIL turned on.
-- args: --gil=on
local COUNT, WORK = 1000, 2000
local go = sync.event()
local handles = {}
for i = 1, COUNT do
  handles[i] = thread.spawn(function()
    go:wait()
    local x = 0
    for j = 1, WORK do x = x + j end
    return i, x
  end)
end
go:set()
local finished = 0
for i = 1, COUNT do
  local id, x = handles[i]:join()
  if id == i and x == WORK * (WORK + 1) // 2 then finished = finished + 1 end
end
print(gil.policy(), finished) -- expect: fifo	1000
