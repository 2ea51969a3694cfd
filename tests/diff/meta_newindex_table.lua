-- __newindex as a table redirects assignments of absent keys.
local store = {}
local proxy = setmetatable({}, { __newindex = store })
proxy.a = 1
proxy[2] = "two"
print(rawget(proxy, "a"), store.a, store[2], proxy.a)
rawset(proxy, "own", "mine")
proxy.own = "changed"
print(proxy.own, store.own)
local chained_store = {}
local middle = setmetatable({}, { __newindex = chained_store })
local front = setmetatable({}, { __newindex = middle })
front.x = "deep"
print(rawget(front, "x"), rawget(middle, "x"), chained_store.x)
local ro = setmetatable({}, { __newindex = function(t, k, v) error("read-only table: " .. tostring(k), 2) end })
print(pcall(function() ro.key = 1 end))
