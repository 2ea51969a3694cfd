-- Inline caches: the same GETFIELD/SETFIELD/SELF sites read and write tables
-- whose hash part is rebuilt between executions (grown by many inserts,
-- shrunk by removals and a later insert), so a remembered node index points
-- into a node array that no longer exists or holds another key.
local function get(t) return t.alpha, t.beta, t.gamma end
local function set(t, v) t.beta = v end

local t = {alpha = 1, beta = 2, gamma = 3}
local log = {}
for round = 1, 6 do
  for i = 1, 3 do
    local a, b, c = get(t)
    set(t, (b or 0) + 1)
    log[#log + 1] = string.format("%d:%s,%s,%s", round, tostring(a), tostring(b), tostring(c))
  end
  if round % 2 == 1 then
    -- grow: the hash part doubles several times
    for i = 1, 50 * round do t["k" .. i] = i end
  else
    -- shrink: remove the fillers, then insert one key to force a rehash
    for i = 1, 50 * (round - 1) do t["k" .. i] = nil end
    t.trigger = round
    t.trigger = nil
    for i = 1, 40 do t[i] = i end  -- array part moves too
    for i = 1, 40 do t[i] = nil end
  end
end
print(table.concat(log, " "))

-- Rehash in the middle of a method-call loop: the class grows.
local Class = {}
Class.__index = Class
function Class.m(self) return self.x end
local obj = setmetatable({x = 7}, Class)
local sum = 0
for i = 1, 200 do
  sum = sum + obj:m()
  Class["filler" .. i] = i  -- rehashes Class from time to time
  if i % 37 == 0 then
    for j = 1, i do Class["filler" .. j] = nil end
  end
end
print(sum)

-- The instance grows until it rehashes, with the read site in a loop.
local inst = setmetatable({}, Class)
inst.x = 1
local acc = {}
for i = 1, 100 do
  acc[#acc + 1] = inst.x
  inst["f" .. i] = i
  inst.x = inst.x + 1
end
print(acc[1], acc[50], acc[100], inst.x)
