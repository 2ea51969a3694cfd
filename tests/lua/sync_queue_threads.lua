-- Producers and consumers through a bounded queue: every item arrives once.
local q = sync.queue(4)
local producers, consumers = {}, {}
for p = 1, 3 do
  producers[p] = thread.spawn(function()
    for i = 1, 200 do q:put(p * 1000 + i) end
  end)
end
for c = 1, 3 do
  consumers[c] = thread.spawn(function()
    local got = {}
    while true do
      local v, why = q:get()
      if v == nil then return got, why end
      got[#got + 1] = v
    end
  end)
end
for p = 1, 3 do producers[p]:join() end
q:close()
local seen, count, order_ok = {}, 0, true
for c = 1, 3 do
  local got, why = consumers[c]:join()
  assert(why == "closed")
  local last = {}
  for _, v in ipairs(got) do
    assert(not seen[v], "twice: " .. v)
    seen[v] = true
    count = count + 1
    -- One producer's items reach any one consumer in the order they were put.
    local p = v // 1000
    if last[p] and last[p] > v then order_ok = false end
    last[p] = v
  end
end
print(count, order_ok) -- expect: 600	true
