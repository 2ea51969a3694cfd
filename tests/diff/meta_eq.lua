-- __eq: only consulted for two tables (or two userdata) that are not raw-equal; result becomes boolean.
local calls = 0
local mt = { __eq = function(a, b) calls = calls + 1; return a.id == b.id end }
local a = setmetatable({ id = 1 }, mt)
local b = setmetatable({ id = 1 }, mt)
local c = setmetatable({ id = 2 }, mt)
print(a == b, a ~= b, a == c, a == a, calls)
local plain = { id = 1 }
print(a == plain, plain == a, calls)
print(a == 1, a == "x", a == nil, calls)
local truthy = setmetatable({}, { __eq = function() return "yes" end })
local other = setmetatable({}, { __eq = function() return nil end })
print(truthy == {}, {} == truthy, other == truthy, truthy == other)
local t = { [a] = "a key" }
print(t[b], t[a])
local arr = { a, b, c }
local idx
for i, v in ipairs(arr) do if v == setmetatable({ id = 2 }, mt) then idx = i end end
print(idx)
