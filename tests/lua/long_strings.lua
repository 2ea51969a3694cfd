-- Very long strings: building, measuring, searching, slicing, long-bracket literals.
local mb = string.rep("abcdefgh", 131072)
print(#mb) -- expect: 1048576
print(mb:sub(-8), mb:sub(524289, 524292)) -- expect: abcdefgh	abcd
print(mb:find("hab", 1000000, true)) -- expect: 1000000	1000002
print(select(2, mb:gsub("a", "a"))) -- expect: 131072
local parts = {}
for i = 1, 100000 do parts[i] = tostring(i) end
local joined = table.concat(parts, ",")
print(#joined, joined:sub(1, 12), joined:sub(-12)) -- expect: 588894	1,2,3,4,5,6,	99999,100000
print(#(mb .. mb), (mb .. "!"):byte(-1)) -- expect: 2097152	33
local up = mb:upper()
print(up:sub(1, 8), up == mb:upper(), up ~= mb) -- expect: ABCDEFGH	true	true
local lit = [==[
line one
line ]] two ]=] still
last]==]
print(#lit, select(2, lit:gsub("\n", ""))) -- expect: 35	2
local big_literal = load("return [[" .. mb .. "]]")()
print(big_literal == mb) -- expect: true
local reversed = mb:reverse()
print(reversed:sub(1, 8), #reversed) -- expect: hgfedcba	1048576
