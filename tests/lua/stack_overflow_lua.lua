-- Unbounded Lua recursion raises a catchable "stack overflow" error.
local function f(n) return 1 + f(n + 1) end
local ok, e = pcall(f, 1)
if not ok and e:find("stack overflow") then print("stack overflow caught") end -- expect: stack overflow caught
-- The interpreter keeps working afterwards, and can overflow again.
print(pcall(function() return "still running" end)) -- expect: true	still running
ok, e = pcall(f, 1)
print(not ok and e:find("stack overflow") ~= nil) -- expect: true
