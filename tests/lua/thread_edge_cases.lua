-- Threads at the edges: many results, a stack overflow, hundreds at once,
-- thousands one after another, threads that spawn and join threads, one
-- thread joined by two others at once.
local h = thread.spawn(function()
  local t = {}
  for i = 1, 10000 do t[i] = i end
  return table.unpack(t)
end)
local n = select("#", h:join())
print(n) -- expect: 10000

-- A stack overflow in a thread is an error of that thread, re-raised by join.
local r = thread.spawn(function()
  local function f(k) return f(k + 1) + 1 end
  return f(1)
end)
local ok, err = pcall(r.join, r)
print(ok, (err:match("^[^\n]*"))) -- expect: false	thread_edge_cases.lua:14: stack overflow

-- Two hundred threads alive at once.
local hs = {}
for i = 1, 200 do
  hs[i] = thread.spawn(function()
    thread.sleep(0.05)
    return i
  end)
end
local sum = 0
for i = 1, 200 do sum = sum + hs[i]:join() end
print(sum) -- expect: 20100

-- Two thousand, one after another: finished threads do not pile up.
for _ = 1, 2000 do thread.spawn(function() end):join() end
print("spawned 2000") -- expect: spawned 2000

-- An error object with __tostring comes back as it is.
local obj = setmetatable({}, { __tostring = function() return "custom" end })
local t = thread.spawn(function() error(obj) end)
local ok2, e2 = pcall(t.join, t)
print(ok2, e2 == obj, tostring(e2)) -- expect: false	true	custom

-- Threads spawning and joining threads.
local outer = thread.spawn(function()
  local inner = thread.spawn(function() return "inner" end)
  return inner:join() .. " via outer"
end)
print(outer:join()) -- expect: inner via outer

-- One thread joined by two at once: both get its results.
local slow = thread.spawn(function() thread.sleep(0.1) return 42 end)
local j1 = thread.spawn(function() return slow:join() end)
local j2 = thread.spawn(function() return slow:join() end)
local a = j1:join()
local b = j2:join()
print(a, b) -- expect: 42	42
