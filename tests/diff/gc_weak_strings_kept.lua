-- Strings are values, not objects to collect: weak tables never drop them,
-- as keys or as values, short or long.
local function count(t) local n = 0 for _ in pairs(t) do n = n + 1 end return n end
local t = setmetatable({}, {__mode = "kv"})
t["short"] = "value"
t[string.rep("long", 20)] = string.rep("x", 100)
t[1] = "in the array"
t.dyn = "made " .. tostring(12345)
collectgarbage()
collectgarbage()
print(count(t), t.short, #t[string.rep("long", 20)], t[1], t.dyn)
local k = setmetatable({}, {__mode = "k"})
k["key" .. 1] = {}
collectgarbage()
print(type(k.key1))
