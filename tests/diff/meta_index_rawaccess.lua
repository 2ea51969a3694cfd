-- __index/__newindex on tables with present keys, chains of tables, and rawset inside __newindex.
local store = {}
local t = setmetatable({ present = 1 }, {
  __index = function(_, k) return "missing " .. k end,
  __newindex = function(tt, k, v) store[k] = v; rawset(tt, k .. "_raw", v) end,
})
print(t.present, t.absent)
t.present = 2
t.fresh = 3
print(t.present, store.fresh, rawget(t, "fresh"), t.fresh_raw)
local a = { x = "a" }
local b = setmetatable({ y = "b" }, { __index = a })
local c = setmetatable({}, { __index = b, __newindex = b })
c.z = "set through"
print(c.x, c.y, c.z, rawget(c, "z"), b.z)
local s = setmetatable({}, { __index = string })
print(s.format("%d", 5), ("x"):upper())
