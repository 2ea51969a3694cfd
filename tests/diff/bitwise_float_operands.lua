-- Bitwise operands must be integers or floats with an exact integer value.
print(2.0 & 3, 1e3 | 0, -0.0 | 0, 2^63 - 1024 | 0)
local function try(f) local ok, e = pcall(f); print(ok, e) end
try(function() return 1.5 & 1 end)
try(function() return 1 | 2.25 end)
try(function() local big = 2^64; return big ~ 1 end)
try(function() return ~0.5 end)
try(function() local t = { v = 0.5 }; return t.v >> 1 end)
try(function() return 1 & nil end)
try(function() local t = {}; return t | 1 end)
try(function() return 1 ~ true end)
try(function() return ~{} end)
try(function() local up = 7.5; return (function() return up & 1 end)() end)
