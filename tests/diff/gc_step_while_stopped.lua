-- collectgarbage("step") runs even while the collector is stopped (as in Lua),
-- and the other options return what lua5.4 returns.
print(collectgarbage("incremental"))
collectgarbage("stop")
print(collectgarbage("isrunning"))
local w = setmetatable({{}}, {__mode = "v"})
print(collectgarbage("step", 1000000), w[1])
print(collectgarbage("isrunning"))
collectgarbage("restart")
print(collectgarbage("stop"), collectgarbage("restart"), collectgarbage("collect"), math.type(collectgarbage("count")))
print(collectgarbage("step", -5))
print(pcall(collectgarbage, "bogus"))
print(collectgarbage("setpause", 100), collectgarbage("setstepmul", 200))
