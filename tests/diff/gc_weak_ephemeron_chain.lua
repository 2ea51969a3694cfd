-- A chain of ephemerons: k1 -> v1 holds k2 -> v2 holds k3 ... The whole
-- chain lives while k1 does and goes with it, whatever order the entries
-- sit in.
local function count(t) local n = 0 for _ in pairs(t) do n = n + 1 end return n end
local e = setmetatable({}, {__mode = "k"})
local head = {}
do
  local keys = {head}
  for i = 2, 50 do keys[i] = {} end
  -- insert from the end, so the table's order is not the chain's
  for i = 50, 1, -1 do e[keys[i]] = {next = keys[i + 1], n = i} end
end
collectgarbage()
print(count(e))
local node, steps = head, 0
while node do steps = steps + 1; node = e[node].next end
print(steps)
head = nil
collectgarbage()
print(count(e))
-- a chain across two tables
local e1 = setmetatable({}, {__mode = "k"})
local e2 = setmetatable({}, {__mode = "k"})
local k1 = {}
do local k2 = {}; e1[k1] = k2; e2[k2] = {} end
collectgarbage()
print(count(e1), count(e2))
k1 = nil
collectgarbage()
print(count(e1), count(e2))
