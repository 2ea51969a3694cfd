-- scaling.lua — fixed CPU-bound Lua work split over N threads: how much
-- faster N threads finish it than one (the GIL build: about 1x; the
-- free-threaded build: up to the number of cores).
--
--   gilvm [--gil=on] bench/ft/scaling.lua THREADS [ITERATIONS] [chunked]
--
-- With `chunked`, the threads take chunks of 50,000 iterations from a queue
-- until none is left, instead of one fixed share each: on a machine whose
-- cores do not run at the same speed (a VM whose two vCPUs lose different
-- amounts of time to their host), fixed shares wait for the slowest core.
--
-- ITERATIONS (default 10,000,000) is the total; each of the THREADS threads
-- (spawned, the one of a 1-thread run too) gets an equal share. The hot loop
-- is ordinary Lua that reads what every thread shares: global functions
-- (`mix`), module tables (`math.floor`, `string.byte`), a shared string and a
-- shared table of constants, all through _ENV, a table every thread reads.
-- That is what a free-threaded runtime must not serialise.
--
-- The value of iteration i depends only on i modulo PERIOD, so the main
-- thread computes what each share must sum to from one period, and the
-- program fails if a thread returns anything else. Prints one JSON line:
-- threads, iterations, seconds, iterations per second, the build and
-- whether a GIL was on.

local threads = math.tointeger(tonumber(arg[1])) or 1
local iterations = math.tointeger(tonumber(arg[2])) or 10000000
assert(threads >= 1 and iterations >= threads, "usage: scaling.lua THREADS [ITERATIONS]")

-- Shared, read by every thread in the hot loop: globals on purpose.
TEXT = "the quick brown fox jumps over the lazy dog....." -- 48 bytes
WEIGHTS = { 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3 }
function mix(byte, weight)
  return (byte * 31 + weight) % 1009
end

local PERIOD = 336 -- lcm(#TEXT, #WEIGHTS, 21)
assert(#TEXT == 48)

-- The value of iteration i, as every thread computes it.
local function value(i)
  return mix(string.byte(TEXT, i % 48 + 1), WEIGHTS[i % 16 + 1]) + math.floor(i % 21 / 3)
end

local function share(first, last)
  local acc = 0
  for i = first, last do
    acc = acc + mix(string.byte(TEXT, i % 48 + 1), WEIGHTS[i % 16 + 1]) + math.floor(i % 21 / 3)
  end
  return acc
end

-- prefix[r] = value(1) + ... + value(r) for r < PERIOD; sum_to(n) is the
-- sum of value(1) .. value(n).
local prefix, period_sum = { [0] = 0 }, 0
for i = 1, PERIOD do
  period_sum = period_sum + value(i)
  if i < PERIOD then prefix[i] = period_sum end
end
local function sum_to(n)
  return n // PERIOD * period_sum + prefix[n % PERIOD]
end

local chunked = arg[3] == "chunked"
local ranges = {}
local each = iterations // threads
for k = 1, threads do
  local first = (k - 1) * each + 1
  ranges[k] = { first, k == threads and iterations or first + each - 1 }
end

local chunks = sync.queue()
local function take_chunks()
  local acc = 0
  while true do
    local first = chunks:get(0)
    if not first then return acc end
    acc = acc + share(first, math.min(first + 49999, iterations))
  end
end

local t0 = sys.monotonic()
local handles = {}
if chunked then
  for first = 1, iterations, 50000 do chunks:put(first) end
  for k = 1, threads do handles[k] = thread.spawn(take_chunks) end
else
  for k = 1, threads do handles[k] = thread.spawn(share, ranges[k][1], ranges[k][2]) end
end
local results = {}
for k = 1, threads do results[k] = handles[k]:join() end
local seconds = sys.monotonic() - t0

local checksum = 0
if chunked then
  for k = 1, threads do checksum = checksum + results[k] end
  if checksum ~= sum_to(iterations) then
    io.stderr:write(string.format("scaling.lua: chunks summed to %d, expected %d\n", checksum,
      sum_to(iterations)))
    os.exit(1)
  end
end
for k = 1, chunked and 0 or threads do
  local first, last = ranges[k][1], ranges[k][2]
  local expected = sum_to(last) - sum_to(first - 1)
  if results[k] ~= expected then
    io.stderr:write(string.format("scaling.lua: thread %d of %d summed %s over %d..%d, expected %d\n",
      k, threads, tostring(results[k]), first, last, expected))
    os.exit(1)
  end
  checksum = checksum + results[k]
end

print(string.format('{"bench":"scaling","build":"%s","gil":%s,"threads":%d,"iterations":%d,' ..
  '"chunked":%s,"seconds":%.4f,"per_s":%.1f,"checksum":%d}',
  sys.build, tostring(gil.enabled()), threads, iterations, tostring(chunked), seconds,
  iterations / seconds, checksum))
