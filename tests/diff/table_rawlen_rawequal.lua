-- rawlen, rawequal, rawget, rawset bypass metamethods.
local mt = { __len = function() return 99 end, __eq = function() return true end,
  __index = function() return "meta" end, __newindex = function() error("blocked") end }
local a = setmetatable({ 1, 2, 3 }, mt)
local b = setmetatable({}, mt)
print(#a, rawlen(a), rawlen("hello"), rawlen({}))
print(a == b, rawequal(a, b), rawequal(a, a), rawequal("x", "x"), rawequal(1, 1.0), rawequal(1, "1"))
print(a.missing, rawget(a, "missing"), rawget(a, 1))
print(pcall(function() a.x = 1 end))
rawset(a, "x", 1)
print(a.x, rawget(a, "x"))
print(pcall(rawlen, 5))
print(pcall(rawget, "s", 1))
print(pcall(rawset, {}, 1))
print(pcall(rawequal, 1))
print(rawset(b, 1, "v") == b, rawget(b, 1))
