-- The debug library cannot reach what gilvm's natives rely on: a queue's
-- items stay where its methods expect them; natives' upvalues and stack
-- slots can be read but not changed.
local q = sync.queue()
print(debug.getuservalue(q)) -- expect: nil
print(debug.setuservalue(q, "not a table")) -- expect: nil
q:put(1)
print(q:get()) -- expect: 1
print(type(debug.getmetatable(q)), debug.getmetatable(q) == getmetatable(q)) -- expect: table	true

-- Natives' upvalues and stack slots are read-only to the debug library.
local gen = coroutine.wrap(function() coroutine.yield(1) return 2 end)
print(debug.getupvalue(gen, 1) == "", type(select(2, debug.getupvalue(gen, 1)))) -- expect: true	thread
print(select("#", debug.setupvalue(gen, 1, 42))) -- expect: 0
print(gen(), gen()) -- expect: 1	2
local changed, kept
table.sort({ 3, 1 }, function(a, b)
  changed = debug.setlocal(2, 1, "not a table")
  kept = type(select(2, debug.getlocal(2, 1)))
  return a < b
end)
print(changed, kept) -- expect: nil	table
