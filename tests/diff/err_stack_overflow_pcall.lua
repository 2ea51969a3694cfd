-- Recursion through pcall itself: each level catches and re-raises.
local function p(n) local ok, e = pcall(p, n + 1); error(e, 0) end
local ok, e = pcall(p, 1)
print(ok, string.find(e, "stack overflow") ~= nil or string.find(e, "error in error handling") ~= nil)
local function q() return select(2, pcall(q)) end
local r = q()
print(type(r), string.find(tostring(r), "stack overflow") ~= nil)
print("after")
