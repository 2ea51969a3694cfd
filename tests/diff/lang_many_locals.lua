-- A function with close to the 200-local limit, and a chunk that exceeds it.
local parts = {}
for i = 1, 199 do parts[#parts + 1] = "local v" .. i .. " = " .. i end
parts[#parts + 1] = "return v1 + v100 + v199"
print(load(table.concat(parts, "\n"))())
local over = {}
for i = 1, 201 do over[#over + 1] = "local w" .. i .. " = " .. i end
local f, err = load(table.concat(over, "\n"))
print(f, err)
local ups = { "local f0 = 0" }
for i = 1, 60 do ups[#ups + 1] = "local u" .. i .. " = " .. i end
local body = {}
for i = 1, 60 do body[#body + 1] = "u" .. i end
ups[#ups + 1] = "return function() return " .. table.concat(body, " + ") .. " end"
print(load(table.concat(ups, "\n"))()())
