-- --gil-policy=fifo: the policy in force, and threads that share work under it.
-- args: --gil-policy=fifo
local policy, enabled = gil.policy(), gil.enabled()
print(policy, enabled) -- expect: fifo	true
-- CPU-bound threads and blocking ones, a lock-protected counter.
local counter = 0
local lock = sync.lock()
local handles = {}
for i = 1, 4 do
  handles[i] = thread.spawn(function()
    local local_sum = 0
    for j = 1, 20000 do
      local_sum = local_sum + j
      if j % 1000 == 0 then
        lock:acquire()
        counter = counter + 1
        lock:release()
        if i % 2 == 0 then thread.sleep(0.001) end
      end
    end
    return local_sum
  end)
end
local total = 0
for i = 1, 4 do total = total + handles[i]:join() end
print(total, counter) -- expect: 800040000	80
local s = gil.stats()
print(#s.threads, s.acquisitions >= 5) -- expect: 5	true
