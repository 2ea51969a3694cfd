-- Concatenation converts numbers with Lua's formatting (%.14g, ".0" for integral floats).
print(1 .. 2, 1 .. "", 1.0 .. "", -0.0 .. "", 1.5 .. "x")
print(2^63 .. "", math.maxinteger .. "", math.mininteger .. "", 1e15 .. "", 1e16 .. "")
print(0.1 .. "", 1/3 .. "", 100 / 2 .. "", 3 // 1.0 .. "")
print(1/0 .. "", -1/0 .. "", 123456789012345678 .. "")
print("a" .. "b" .. "c" .. 1 .. 2.0)
local parts = {}
for i = 1, 10 do parts[#parts + 1] = i / 4 end
print(table.concat(parts, ","))
print(pcall(function() return "x" .. nil end))
print(pcall(function() return "x" .. {} end))
print(pcall(function() return true .. "x" end))
