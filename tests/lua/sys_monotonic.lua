-- sys.monotonic() is a clock in seconds that never goes backwards.
local t0 = sys.monotonic()
print(math.type(t0)) -- expect: float
local never_back = true
local prev = t0
for _ = 1, 100000 do
  local t = sys.monotonic()
  if t < prev then never_back = false end
  prev = t
end
print(never_back) -- expect: true
-- Busy work must make the clock advance.
local x = 0
for i = 1, 3000000 do x = x + i % 7 end
local t1 = sys.monotonic()
print(t1 > t0)         -- expect: true
print(t1 - t0 < 60)    -- expect: true
