-- A collection requested by the allocator runs at the next poll of the eval
-- breaker, under any policy: here at the call count(...), right after the
-- allocating function two() returned its results. The poll must not change
-- how many arguments count gets (see gil_poll_call_args.lua).
local function count(...) return select("#", ...) end
local function two() return {}, {} end
local bad = 0
for _ = 1, 200000 do
  if count(two()) ~= 2 then bad = bad + 1 end
  local a, b, c, d, e, f, g, h = 1, 2, 3, 4, 5, 6, 7, 8 -- registers above the call
end
print(bad) -- expect: 0
