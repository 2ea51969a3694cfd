-- attach_cost.lua — the price of one uncontended detach + attach pair, the
-- step every blocking or long native call takes (budget: 50 ns).
--
--   gilvm --gil-policy=P bench/gil/attach_cost.lua [calls]
--
-- work.release_gil(0) detaches and re-attaches around no work at all;
-- work.hold_gil(0) is the same call without the pair. The difference per
-- call is the pair. The two loops of `calls` calls run in alternating
-- batches and each keeps its fastest batch, so machine noise (which only
-- ever adds time) mostly drops out. Prints one JSON line, nanoseconds per
-- call.

local calls = math.tointeger(tonumber(arg[1])) or 1000000
local batches = 5

local release_s, hold_s = math.huge, math.huge
for _ = 1, batches do
  local t0 = sys.monotonic()
  for _ = 1, calls do
    work.release_gil(0)
  end
  local t1 = sys.monotonic()
  for _ = 1, calls do
    work.hold_gil(0)
  end
  local t2 = sys.monotonic()
  release_s = math.min(release_s, t1 - t0)
  hold_s = math.min(hold_s, t2 - t1)
end

local hold_ns, release_ns = hold_s / calls * 1e9, release_s / calls * 1e9
local line = string.format(
  '{"bench":"attach_cost","policy":"%s","calls":%d,"hold_ns":%.2f,"release_ns":%.2f,' ..
    '"pair_ns":%.2f}',
  gil.policy(), calls, hold_ns, release_ns, release_ns - hold_ns)
print(line)
