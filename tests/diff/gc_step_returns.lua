-- collectgarbage("step") returns true only when the step finished a cycle.
-- In generational mode (the stand-alone interpreter's default) a step never
-- reports one; in incremental mode enough steps do.
print(collectgarbage("step"))
print(collectgarbage("step", 100000))
print(collectgarbage("incremental"))
local finished = false
for i = 1, 100000 do
  if collectgarbage("step") then finished = true break end
end
print("basic steps finish a cycle", finished)
print(collectgarbage("step", 1000000))   -- a debt of ~1 GB: a whole cycle
-- a step frees garbage like a cycle does
local w = setmetatable({{}}, {__mode = "v"})
repeat until collectgarbage("step", 1000000)
print(w[1])
print(collectgarbage("generational"))
print(collectgarbage("step", 1000000))
