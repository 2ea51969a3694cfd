-- Timer precision on an idle loop: how late loop.sleep(0.001) returns,
-- measured by the sleeping task itself. One JSON line: p50, p99, max in µs.
--
--   gilvm bench/loop/timer_precision.lua [samples]
local N = math.tointeger(tonumber(arg[1])) or 2000
local late = loop.run(function()
  local samples = {}
  for i = 1, N do
    local expected = loop.now() + 0.001
    loop.sleep(0.001)
    samples[i] = loop.now() - expected
  end
  table.sort(samples)
  return samples
end)
local function at(p) return late[math.max(1, math.ceil(#late * p / 100))] * 1e6 end
print(string.format('{"bench":"timer_precision","samples":%d,"p50_us":%.1f,"p99_us":%.1f,"max_us":%.1f}',
                    N, at(50), at(99), late[#late] * 1e6))
