-- A poll of the eval breaker at a call must not change the call's arguments.
-- Under the ticks policy every call polls (and counts a tick). A call whose
-- last argument is a call, f(g()), takes "everything up to the stack top"
-- that g left: a poll at f's call that moved the stack top would hand f
-- extra arguments from the frame's registers above.
-- args: --gil-policy=ticks
-- The GIL at work: gilvm-ft runs this with its GIL turned on.
-- args: --gil=on
local function count(...) return select("#", ...) end
local function two() return 1, 2 end
local bad = 0
for _ = 1, 1000 do
  if count(two()) ~= 2 then bad = bad + 1 end
  local a, b, c, d, e, f, g, h = 1, 2, 3, 4, 5, 6, 7, 8 -- registers above the call
end
print(bad) -- expect: 0
-- The same with a tail call, and with a vararg expression as the arguments.
local function tail_call()
  do local a, b, c, d, e, f, g, h = 1, 2, 3, 4, 5, 6, 7, 8 end
  return count(two())
end
local function pass_varargs(...)
  local n = count(...)
  local a, b, c, d, e, f, g, h = 1, 2, 3, 4, 5, 6, 7, 8
  return n
end
bad = 0
for _ = 1, 1000 do
  if tail_call() ~= 2 then bad = bad + 1 end
  if pass_varargs(1, 2) ~= 2 then bad = bad + 1 end
end
print(bad) -- expect: 0
print(gil.policy(), gil.enabled()) -- expect: ticks	true
