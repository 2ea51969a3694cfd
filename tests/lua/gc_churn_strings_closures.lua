-- Churning strings, closures and cyclic structures also stays bounded.
for i = 1, 2e6 do local s = "str" .. i end
print(collectgarbage("count") < 100 * 1024) -- expect: true
for i = 1, 2e6 do local f = function() return i end end
print(collectgarbage("count") < 100 * 1024) -- expect: true
for i = 1, 1e6 do local a, b = {}, {}; a.other = b; b.other = a end
print(collectgarbage("count") < 100 * 1024) -- expect: true
local keep = {}
for i = 1, 1e6 do local t = { i }; if i % 1000 == 0 then keep[#keep + 1] = t end end
collectgarbage()
print(#keep, keep[1][1], keep[1000][1]) -- expect: 1000	1000	1000000
