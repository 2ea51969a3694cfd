-- tour.lua — the tour of trade-offs that `make demo` runs.
--
-- Each row measures one way of running work on this build. The VM core adds
-- the first row: a CPU-bound Lua function on one thread. Later capabilities
-- (threads under the GIL, the event loop, processes, subinterpreters, the
-- free-threaded build) add theirs.

local function cpu_work(n)
  -- A mix of calls, arithmetic and table traffic.
  local t, acc = {}, 0
  for i = 1, 1024 do t[i] = 0 end
  for i = 1, n do
    t[i % 1024 + 1] = i
    acc = (acc + t[(i * 7) % 1024 + 1]) % 1000003
  end
  return acc
end

local function measure(label, fn, ...)
  local start = sys.monotonic()
  local result = fn(...)
  local elapsed = sys.monotonic() - start
  return { label = label, seconds = elapsed, result = result }
end

local rows = {}
local function add_row(row)
  rows[#rows + 1] = row
  print(string.format("  %-44s %9.3f s   (result %s)", row.label, row.seconds, tostring(row.result)))
end

print(string.format("gilvm tour — build: %s, %d usable cores", sys.build, sys.cpu_count()))
print("")
print("[1/1] CPU-bound Lua function on one thread (5,000,000 iterations)...")
add_row(measure("CPU-bound Lua, 1 thread", cpu_work, 5000000))
print("")
print(string.format("done: %d row(s) measured on the %s build", #rows, sys.build))
