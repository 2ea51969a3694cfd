-- busy.lua — another program keeping a core busy for SECONDS: the load
-- beside which bench/loop_run.py measures what SCHED_IDLE pool workers cost.
--
--   gilvm bench/loop/busy.lua SECONDS
local stop = sys.monotonic() + (tonumber(arg[1]) or 1)
local x = 0
while sys.monotonic() < stop do
  for i = 1, 10000 do x = x + i % 7 end
end
print(string.format('{"bench":"busy","x":%d}', x))
