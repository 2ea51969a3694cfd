-- The debug library cannot reach what gilvm's natives keep in their
-- userdata: a queue's items stay where the queue's methods expect them.
local q = sync.queue()
print(debug.getuservalue(q)) -- expect: nil
print(debug.setuservalue(q, "not a table")) -- expect: nil
q:put(1)
print(q:get()) -- expect: 1
print(type(debug.getmetatable(q)), debug.getmetatable(q) == getmetatable(q)) -- expect: table	true
