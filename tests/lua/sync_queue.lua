-- sync.queue: first in, first out; sizes, timeouts, close.
local q = sync.queue()
for i = 1, 20 do q:put(i) end -- past the first ring of 8 slots
print(q:size()) -- expect: 20
local out = {}
for i = 1, 5 do out[#out + 1] = q:get() end
for i = 21, 30 do q:put(i) end -- wraps around the ring
while q:size() > 0 do out[#out + 1] = q:get() end
print(#out, table.concat(out, " ")) -- expect: 30	1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30

-- Any value, nil and false too.
q:put(nil)
q:put(false)
local t = {}
q:put(t)
print(q:size(), q:get(), q:get(), q:get() == t) -- expect: 3	nil	false	true

-- get on an empty queue: nil, "timeout" after the timeout, or at once with 0.
print(q:get(0)) -- expect: nil	timeout
local start = sys.monotonic()
print(q:get(0.05)) -- expect: nil	timeout
print(sys.monotonic() - start >= 0.045) -- expect: true

-- A bounded queue: put waits for room.
local b = sync.queue(2)
print(b:put("a"), b:put("b")) -- expect: true	true
print(b:put("c", 0)) -- expect: nil	timeout
start = sys.monotonic()
print(b:put("c", 0.05)) -- expect: nil	timeout
print(sys.monotonic() - start >= 0.045, b:size()) -- expect: true	2
-- A getter on another thread makes room for a blocked put.
local getter = thread.spawn(function()
  thread.sleep(0.05)
  return b:get()
end)
print(b:put("c", 30)) -- expect: true
print(getter:join(), b:get(), b:get()) -- expect: a	b	c

-- A blocked get is woken by a put on another thread.
local waiter = thread.spawn(function() return q:get(30) end)
thread.sleep(0.05)
q:put("hello")
print(waiter:join()) -- expect: hello

-- Closing: the items left can still be got, then nil, "closed"; put fails.
local c = sync.queue()
c:put(1)
c:put(2)
c:close()
print(c:get(), c:get()) -- expect: 1	2
print(c:get()) -- expect: nil	closed
print(c:get(0)) -- expect: nil	closed
print(select(2, pcall(function() c:put(3) end))) -- expect: sync_queue.lua:53: put on a closed queue
c:close() -- closing twice is harmless
-- close wakes threads blocked in get and in put.
local e = sync.queue(1)
e:put("full")
local d = sync.queue()
local blocked_get = thread.spawn(function() return d:get() end)
local blocked_put = thread.spawn(function() return pcall(e.put, e, "more") end)
thread.sleep(0.05)
d:close()
e:close()
print(blocked_get:join()) -- expect: nil	closed
print(blocked_put:join()) -- expect: false	put on a closed queue

-- Bad arguments.
print(select(2, pcall(sync.queue, -1))) -- expect: bad argument #1 to 'sync.queue' (maxsize must be non-negative)
print(select(2, pcall(sync.queue, "big"))) -- expect: bad argument #1 to 'sync.queue' (number expected, got string)
print(select(2, pcall(sync.queue, 1.5))) -- expect: bad argument #1 to 'sync.queue' (number has no integer representation)
print(select(2, pcall(function() return q:get(-1) end))) -- expect: sync_queue.lua:71: bad argument #1 to 'get' (timeout must be a non-negative number)
print(select(2, pcall(function() return q:put(1, -1) end))) -- expect: sync_queue.lua:72: bad argument #2 to 'put' (timeout must be a non-negative number)
print(select(2, pcall(function() return q.size(sync.lock()) end))) -- expect: sync_queue.lua:73: bad argument #1 to 'size' (sync.queue expected, got sync.lock)
print(select(2, pcall(function() return q.close() end))) -- expect: sync_queue.lua:74: bad argument #1 to 'close' (sync.queue expected, got no value)
print(sync.queue(0):put(1)) -- expect: true
