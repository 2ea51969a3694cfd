-- The length of tables with holes: any border is a valid answer, and gilvm
-- picks the one Lua 5.4 picks, so that programs print the same numbers.
print(#{10, 20, nil, 40, nil})
print(#{10, 20, nil, 40})
print(#{nil, nil, 3})
print(#{1, nil, 3, nil, 5, nil, 7, nil})
print(#{nil}, #{nil, nil}, #{n = 1, nil, 2})
print(#{1, 2, 3, nil, 5, 6, 7, 8, nil, 10, 11, 12, 13, nil})
print(rawlen({1, nil, 3}), select("#", table.unpack({1, nil, 3})))

-- Filled in order, then holes punched.
local t = {}
for i = 1, 10 do t[i] = i end
t[5] = nil
print(#t)
t[10] = nil
print(#t)
t[9] = nil
print(#t)

local t = {}
for i = 1, 16 do t[i] = i end
t[16] = nil
print(#t)
t[8] = nil
print(#t)
t[16] = 16
print(#t)

-- The border found last is where Lua looks next.
local t = {1, 2, 3, 4, 5, 6, 7, 8}
t[8] = nil
print(#t)
t[7] = nil
t[8] = 8
print(#t)

local t = {}
for i = 1, 100 do t[i] = i end
for i = 1, 100, 3 do t[i] = nil end
print(#t)

-- Filled backwards: the keys start in the hash part.
local t = {}
for i = 100, 1, -1 do t[i] = i end
t[50] = nil
print(#t)
local t = {}
for i = 10, 1, -1 do if i % 4 ~= 0 then t[i] = i end end
print(#t)

-- Sparse keys and mixed tables.
local t = {}
for i = 1, 20 do t[i * 2] = i end
print(#t)
local t = {}
t[1], t[2], t[4] = 1, 2, 4
print(#t)
local t = {}
t[2] = 2
print(#t)
t[1] = 1
print(#t)
t[3] = 3
print(#t)
local t = {1, 2, 3, x = 1, y = 2}
t[5] = 5
print(#t)
t[4] = 4
print(#t)
local t = table.pack(1, nil, 3)
print(#t, t.n)
local t = {table.unpack({1, nil, 3, nil, 5}, 1, 5)}
print(#t)
