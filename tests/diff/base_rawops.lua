-- rawget, rawset, rawequal, rawlen bypass metamethods and check arguments.
local log = {}
local mt = {
  __index = function(t, k) log[#log + 1] = "index " .. tostring(k) return "meta" end,
  __newindex = function(t, k, v) log[#log + 1] = "newindex " .. tostring(k) end,
  __len = function() return 99 end,
  __eq = function() return true end,
}
local t = setmetatable({}, mt)
print(t.a, rawget(t, "a"))
t.b = 1
print(rawget(t, "b"))
print(rawset(t, "b", 2) == t, rawget(t, "b"))
print(#t, rawlen(t), rawlen("abc"))
local u = setmetatable({}, mt)
print(t == u, rawequal(t, u), rawequal(t, t), rawequal(1, 1.0), rawequal("a", "a"))
print(table.concat(log, ","))
print(pcall(rawset, t, nil, 1))
print(pcall(rawset, t, 0/0, 1))
print(pcall(rawget, "x", 1))
print(pcall(rawlen, 5))
print(pcall(rawequal, 1))
print(rawget(t, 1.0), rawset(t, 2.0, "two") and rawget(t, 2))
