-- While stopped the heap only grows; an explicit collect still frees garbage.
collectgarbage()
local base = collectgarbage("count")
collectgarbage("stop")
for i = 1, 200000 do local t = { i, i, i } end
local grown = collectgarbage("count")
print(grown > base + 1000)           -- expect: true
print(collectgarbage("isrunning"))    -- expect: false
collectgarbage("collect")
print(collectgarbage("count") < grown - 1000) -- expect: true
collectgarbage("restart")
print(collectgarbage("isrunning"))    -- expect: true
for i = 1, 3e6 do local t = { i } end
print(collectgarbage("count") < 100 * 1024) -- expect: true
