-- A single concatenation with many operands of mixed types.
local a, b, n, x = "a", "b", 12, 1.5
local s = a .. b .. n .. x .. a .. b .. n .. x .. a .. b .. n .. x .. a .. b .. n .. x .. "end"
print(s, #s)
local parts = {}
for i = 1, 100 do parts[i] = "v" .. i end
local values = table.concat(parts, ", "):gsub("v(%d+)", "%1")
local src = "local " .. table.concat(parts, ", ") .. " = " .. values .. "\nreturn " .. table.concat(parts, " .. ")
local r = assert(load(src))()
print(#r, r:sub(1, 20), r:sub(-10))
print(pcall(load("local a, b, c, d = 'x', 'y', nil, 'z'; return a .. b .. c .. d")))
