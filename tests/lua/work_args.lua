-- work.hold_gil, work.release_gil and work.io take a non-negative number of seconds.
for _, name in ipairs({ "hold_gil", "release_gil", "io" }) do
  local f = work[name]
  f(0)
  f(0.001)
  print(name, select(2, pcall(f, -1)))
  print(name, select(2, pcall(f, "x")))
  print(name, select(2, pcall(f)))
  print(name, select(2, pcall(f, 0 / 0)))
end
-- expect: hold_gil	bad argument #1 to 'work.hold_gil' (seconds must be non-negative)
-- expect: hold_gil	bad argument #1 to 'work.hold_gil' (number expected, got string)
-- expect: hold_gil	bad argument #1 to 'work.hold_gil' (number expected, got no value)
-- expect: hold_gil	bad argument #1 to 'work.hold_gil' (seconds must be non-negative)
-- expect: release_gil	bad argument #1 to 'work.release_gil' (seconds must be non-negative)
-- expect: release_gil	bad argument #1 to 'work.release_gil' (number expected, got string)
-- expect: release_gil	bad argument #1 to 'work.release_gil' (number expected, got no value)
-- expect: release_gil	bad argument #1 to 'work.release_gil' (seconds must be non-negative)
-- expect: io	bad argument #1 to 'work.io' (seconds must be non-negative)
-- expect: io	bad argument #1 to 'work.io' (number expected, got string)
-- expect: io	bad argument #1 to 'work.io' (number expected, got no value)
-- expect: io	bad argument #1 to 'work.io' (seconds must be non-negative)
local start = sys.monotonic()
work.io(0.05)
print(sys.monotonic() - start >= 0.045) -- expect: true
start = sys.monotonic()
work.hold_gil(0.05)
print(sys.monotonic() - start >= 0.045) -- expect: true
start = sys.monotonic()
work.release_gil(0.05)
print(sys.monotonic() - start >= 0.045) -- expect: true
