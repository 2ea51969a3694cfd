-- pingpong.lua — thread hand-off through events: how long one thread takes
-- to run after another signals it (CPython 3.11, threading.Event: median
-- 14.7 µs one way).
--
--   gilvm --gil-policy=P bench/gil/pingpong.lua [round_trips]
--
-- The main thread sets `ping` and waits for `pong`; a second thread waits for
-- `ping`, clears it and sets `pong`. Every wait releases the GIL, so each
-- hop is a wake-up plus an attach. Prints one JSON line: median and p99 of
-- half a round trip, in microseconds.

local round_trips = math.tointeger(tonumber(arg[1])) or 20000

local ping, pong = sync.event(), sync.event()
local partner = thread.spawn(function(n)
  for _ = 1, n do
    ping:wait()
    ping:clear()
    pong:set()
  end
end, round_trips + 100)

local function bounce()
  local sent = sys.monotonic()
  ping:set()
  pong:wait()
  pong:clear()
  return sys.monotonic() - sent
end

for _ = 1, 100 do
  bounce()  -- warm up
end
local one_way = {}
for j = 1, round_trips do
  one_way[j] = bounce() / 2
end
partner:join()

table.sort(one_way)
local line = string.format(
  '{"bench":"pingpong","policy":"%s","round_trips":%d,"one_way_median_us":%.2f,' ..
    '"one_way_p99_us":%.2f}',
  gil.policy(), round_trips, one_way[(round_trips + 1) // 2] * 1e6,
  one_way[math.max(1, math.ceil(round_trips * 0.99))] * 1e6)
print(line)
