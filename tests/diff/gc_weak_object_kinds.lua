-- Every kind of collectable value is weak in a weak table: functions,
-- coroutines, tables; a userdata that is reachable (io.stdout) stays, and so
-- do strings, numbers and booleans.
local function count(t) local n = 0 for _ in pairs(t) do n = n + 1 end return n end
local v = setmetatable({}, {__mode = "v"})
v.closure = function() return v end
v.native_closure = coroutine.wrap(function() end)
v.coroutine = coroutine.create(function() end)
v.dead_coroutine = coroutine.create(function() end)
coroutine.resume(v.dead_coroutine)
v.file = io.stdout
v.string = "s" .. 1
v.number = 1.5
v.boolean = false
collectgarbage()
local names = {}
for k in pairs(v) do names[#names + 1] = k end
table.sort(names)
print(table.concat(names, " "))
local k = setmetatable({}, {__mode = "k"})
k[function() end] = 1
k[coroutine.create(print)] = 2
k[io.stdout] = 3
collectgarbage()
print(count(k), k[io.stdout])
