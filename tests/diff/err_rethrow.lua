-- Rethrowing caught errors keeps the original value and position text.
local function inner() error("original problem") end
local ok, e = pcall(inner)
local ok2, e2 = pcall(error, e)
print(e2 == e, e2)
local ok3, e3 = pcall(function() error(e, 2) end)
print(e3 == e)
local tbl = { id = 9 }
local _, t1 = pcall(error, tbl)
local _, t2 = pcall(error, t1)
print(t1 == tbl, t2 == tbl)
local function wrap(f) return function(...) local r = table.pack(pcall(f, ...)); if not r[1] then error("wrapped: " .. tostring(r[2]), 0) end return table.unpack(r, 2, r.n) end end
print(pcall(wrap(inner)))
print(pcall(wrap(function(a, b) return a + b end), 2, 3))
