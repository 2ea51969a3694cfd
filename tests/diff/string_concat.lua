-- Concatenation: right associativity, numbers, long chains, error messages.
local a, b, c = "x", "y", "z"
print(a .. b .. c, a .. 1 .. b, 1 .. 2 .. 3, "" .. "", a .. "")
local parts = {}
for i = 1, 50 do parts[i] = tostring(i) end
local s = ""
for i = 1, 50 do s = s .. parts[i] end
print(#s, s:sub(1, 20), s == table.concat(parts))
local long = a .. b .. c .. a .. b .. c .. a .. b .. c .. a .. b .. c .. a .. b .. c .. 1 .. 2.5
print(long)
print(pcall(function() local n = nil; return "a" .. n end))
print(pcall(function() return "a" .. {} .. "b" end))
print(pcall(function() local t = {}; return t.field .. "x" end))
print(pcall(function() return undefinedglobal .. "x" end))
print(pcall(function() local up = true; return (function() return "x" .. up end)() end))
print(pcall(function() return 1 .. print end))
