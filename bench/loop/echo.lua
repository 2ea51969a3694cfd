-- TCP echo round trips over loopback: one client task and one server task
-- on the same loop, a line out and the same line back. Prints one JSON line
-- with round trips per second and the median round trip.
--
--   gilvm bench/loop/echo.lua [round_trips]
local N = math.tointeger(tonumber(arg[1])) or 100000
local result = loop.run(function()
  local server = loop.listen("127.0.0.1", 0, function(s)
    while true do
      local line = s:readline()
      if not line then break end
      s:write(line, "\n")
    end
    s:close()
  end)
  local c = loop.connect("127.0.0.1", server:port())
  local samples = {}
  local t0 = loop.now()
  for i = 1, N do
    local ts = loop.now()
    c:write("ping\n")
    assert(c:readline() == "ping")
    if i % 10 == 0 then samples[#samples + 1] = loop.now() - ts end
  end
  local elapsed = loop.now() - t0
  c:close()
  server:close()
  table.sort(samples)
  return { elapsed = elapsed, median = samples[#samples // 2 + 1] }
end)
print(string.format('{"bench":"echo","round_trips":%d,"per_s":%.0f,"median_us":%.2f}', N,
                    N / result.elapsed, result.median * 1e6))
