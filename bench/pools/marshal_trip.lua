-- marshal_trip.lua — a 1 MB table through a pool, each way: to the worker
-- (as an argument; the job returns its length) and back (as a result; the
-- worker keeps the table it built once in a global and returns it).
--
--   gilvm bench/pools/marshal_trip.lua processes|interpreters [runs]
--
-- The table is gilvm_bench_marshal's "mixed" workload: 100,000 integers,
-- floats and distinct strings, a third each, a message of about 1.16 MB.
-- Each way is the median of `runs` round trips, less a tiny job's round trip;
-- what is left is marshalling on both sides plus moving the bytes (a socket
-- for processes, a memory copy for interpreters). Prints one JSON line.
local kind = arg[1] or "processes"
local runs = math.tointeger(tonumber(arg[2])) or 9

local function build()
  local t = {}
  for i = 1, 100000 do
    local k = i % 3
    if k == 0 then
      t[i] = "string value " .. i
    elseif k == 1 then
      t[i] = i * 7919
    else
      t[i] = i / 7
    end
  end
  return t
end

local function median(xs)
  table.sort(xs)
  return xs[(#xs + 1) // 2]
end

local function time_job(pool, fn, ...)
  local t0 = sys.monotonic()
  local r = pool:submit(fn, ...):result()
  return sys.monotonic() - t0, r
end

local pool = executor[kind](1)
local big = build()
local tiny, to, from = {}, {}, {}
time_job(pool, function() BIG = BIG or build() end)
for i = 1, runs do
  tiny[i] = time_job(pool, function(x) return x end, 1)
  local t, n = time_job(pool, function(t) return #t end, big)
  assert(n == 100000)
  to[i] = t
  local back
  from[i], back = time_job(pool, function() return BIG end)
  assert(#back == 100000 and back[3] == "string value 3")
end
pool:shutdown()
local rtt = median(tiny)
print(string.format('{"bench":"marshal_trip","kind":"%s","entries":100000,"to_ms":%.3f,"from_ms":%.3f,"rtt_ms":%.4f}',
  kind, (median(to) - rtt) * 1e3, (median(from) - rtt) * 1e3, rtt * 1e3))
