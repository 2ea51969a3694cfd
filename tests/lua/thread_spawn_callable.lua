-- thread.spawn takes anything callable: a table with __call gets itself as
-- the first argument, as in a plain call; anything else is a clear error.
local adder = setmetatable({ base = 10 }, { __call = function(self, x) return self.base + x end })
print(thread.spawn(adder, 5):join()) -- expect: 15
print(pcall(thread.spawn, {})) -- expect: false	bad argument #1 to 'thread.spawn' (function expected, got table)
print(pcall(thread.spawn)) -- expect: false	bad argument #1 to 'thread.spawn' (function expected, got no value)
