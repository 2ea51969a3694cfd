-- Non-tail recursion may go deep (well past C-stack-sized limits) without overflowing.
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
print(depth(100000)) -- expect: 100000
local function sum(t, i) if i > #t then return 0 end return t[i] + sum(t, i + 1) end
local t = {}
for i = 1, 50000 do t[i] = 1 end
print(sum(t, 1)) -- expect: 50000
