-- Lua recursion is allowed to go deep (well past 1000 levels) before overflowing.
local depth = 0
local function count() depth = depth + 1; count() end
local ok, e = pcall(count)
print(ok, depth > 100000, e:find("stack overflow") ~= nil)
local function rec(n) if n == 0 then return 0 end return 1 + rec(n - 1) end
print(rec(150000))
