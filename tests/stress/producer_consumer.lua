-- Producers and consumers through bounded queues, with exact totals: every
-- item produced is consumed exactly once and nothing is left over. Two
-- stages: producers -> q1 -> transformers -> q2 -> consumers. Some puts and
-- gets have timeouts that run out. arg[1] scales the item count.
local scale = tonumber(arg[1]) or 1
local PRODUCERS, TRANSFORMERS, CONSUMERS = 4, 3, 3
local PER_PRODUCER = math.max(200, math.floor(60000 * scale))

local q1 = sync.queue(16)
local q2 = sync.queue(8)

local producers, transformers, consumers = {}, {}, {}
for p = 1, PRODUCERS do
  producers[p] = thread.spawn(function()
    for i = 1, PER_PRODUCER do
      -- Sometimes with a timeout that may run out: then put it again.
      local ok = q1:put({ p = p, i = i }, (i % 5 == 0) and 0.001 or nil)
      while not ok do ok = q1:put({ p = p, i = i }, 0.01) end
    end
  end)
end
for t = 1, TRANSFORMERS do
  transformers[t] = thread.spawn(function()
    local n = 0
    while true do
      local item = q1:get()
      if item == nil then return n end
      item.key = item.p * 10000000 + item.i
      q2:put(item)
      n = n + 1
    end
  end)
end
for c = 1, CONSUMERS do
  consumers[c] = thread.spawn(function()
    local seen, count, sum = {}, 0, 0
    while true do
      local item, why = q2:get(0.5)
      if item == nil and why == "closed" then return seen, count, sum end
      if item ~= nil then
        count = count + 1
        sum = sum + item.key
        seen[#seen + 1] = item.key
      end
    end
  end)
end

for p = 1, PRODUCERS do producers[p]:join() end
q1:close()
local transformed = 0
for t = 1, TRANSFORMERS do transformed = transformed + transformers[t]:join() end
q2:close()

-- (Several transformers may reorder items between them: what is checked is
-- that every key arrives exactly once.)
local total, sum, duplicates = 0, 0, 0
local all = {}
for c = 1, CONSUMERS do
  local seen, count, s = consumers[c]:join()
  total = total + count
  sum = sum + s
  for _, key in ipairs(seen) do
    if all[key] then duplicates = duplicates + 1 end
    all[key] = true
  end
end
local expected_sum = 0
for p = 1, PRODUCERS do
  expected_sum = expected_sum + p * 10000000 * PER_PRODUCER + PER_PRODUCER * (PER_PRODUCER + 1) // 2
end
local missing = 0
for p = 1, PRODUCERS do
  for i = 1, PER_PRODUCER do
    if not all[p * 10000000 + i] then missing = missing + 1 end
  end
end
print("transformed", transformed == PRODUCERS * PER_PRODUCER) -- expect: transformed	true
print("consumed", total == PRODUCERS * PER_PRODUCER) -- expect: consumed	true
print("sum", sum == expected_sum) -- expect: sum	true
print("duplicates", duplicates) -- expect: duplicates	0
print("missing", missing) -- expect: missing	0
print("left over", q1:size(), q2:size()) -- expect: left over	0	0
