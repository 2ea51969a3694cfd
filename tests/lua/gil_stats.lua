-- gil.stats(): totals and one row per thread; gil.reset_stats().
-- The GIL at work: gilvm-ft runs this with its GIL turned on.
-- args: --gil=on
local function check_row(row)
  for _, k in ipairs({ "acquisitions", "switches", "forced_switches" }) do
    assert(math.type(row[k]) == "integer" and row[k] >= 0, k)
  end
  for _, k in ipairs({ "hold_seconds", "wait_seconds", "longest_wait_seconds" }) do
    assert(math.type(row[k]) == "float" and row[k] >= 0, k)
  end
  assert(row.switches <= row.acquisitions)
  assert(row.forced_switches <= row.switches)
  assert(row.longest_wait_seconds <= row.wait_seconds + 1e-9)
end

local s = gil.stats()
check_row(s)
print(#s.threads, s.threads[1].id, s.threads[1].name) -- expect: 1	1	main
print(s.acquisitions >= 1, type(s.seconds)) -- expect: true	number
check_row(s.threads[1])

-- Two CPU-bound threads for a while: they take turns, by force.
local function spin(seconds)
  local stop = sys.monotonic() + seconds
  local n = 0
  while sys.monotonic() < stop do n = n + 1 end
  return n
end
local a = thread.spawn(spin, 0.2)
local b = thread.spawn(spin, 0.2)
a:join()
b:join()
s = gil.stats()
check_row(s)
print(#s.threads, s.threads[2].id, s.threads[2].name, s.threads[3].name) -- expect: 3	2	thread 2	thread 3
local sum = { acquisitions = 0, switches = 0, forced_switches = 0, hold_seconds = 0, wait_seconds = 0 }
for i, row in ipairs(s.threads) do
  check_row(row)
  for k in pairs(sum) do sum[k] = sum[k] + row[k] end
  -- A thread cannot hold the GIL and wait for it at once.
  assert(row.hold_seconds + row.wait_seconds <= s.seconds + 0.01, i)
end
print(sum.acquisitions == s.acquisitions, sum.switches == s.switches) -- expect: true	true
print(sum.forced_switches == s.forced_switches) -- expect: true
print(math.abs(sum.hold_seconds - s.hold_seconds) < 1e-6) -- expect: true
print(math.abs(sum.wait_seconds - s.wait_seconds) < 1e-6) -- expect: true
-- Only one thread holds the GIL at a time.
print(s.hold_seconds <= s.seconds + 0.01) -- expect: true
-- The two spinners were made to switch (interval policy, 5 ms).
print(s.threads[2].forced_switches + s.threads[3].forced_switches > 0) -- expect: true
print(s.threads[2].wait_seconds > 0 or s.threads[3].wait_seconds > 0) -- expect: true

-- reset_stats: the finished threads go, the counts start again.
gil.reset_stats()
s = gil.stats()
check_row(s)
print(#s.threads, s.threads[1].name, s.forced_switches) -- expect: 1	main	0
print(s.acquisitions <= 1, s.seconds < 1) -- expect: true	true
-- Each call makes a new table.
print(gil.stats() ~= gil.stats()) -- expect: true
