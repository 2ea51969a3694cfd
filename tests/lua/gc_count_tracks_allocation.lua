-- collectgarbage("count") reports kilobytes in use and follows live data.
collectgarbage()
local before = collectgarbage("count")
local big = string.rep("x", 10 * 1024 * 1024)
local during = collectgarbage("count")
print(during - before > 9 * 1024) -- expect: true
big = nil
collectgarbage()
print(collectgarbage("count") - before < 1024) -- expect: true
local tables = {}
for i = 1, 100000 do tables[i] = { i } end
print(collectgarbage("count") > before + 1000) -- expect: true
tables = nil
collectgarbage()
print(collectgarbage("count") - before < 1024) -- expect: true
