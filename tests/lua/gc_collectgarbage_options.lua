-- collectgarbage's options and their results.
print(collectgarbage("collect")) -- expect: 0
print(collectgarbage())          -- expect: 0
print(math.type(collectgarbage("count")), collectgarbage("count") > 0) -- expect: float	true
print(collectgarbage("isrunning")) -- expect: true
print(type(collectgarbage("step")))    -- expect: boolean
print(type(collectgarbage("step", 0))) -- expect: boolean
print(pcall(collectgarbage, "no-such-option")) -- expect: false	bad argument #1 to 'collectgarbage' (invalid option 'no-such-option')
-- "stop" turns automatic collection off until "restart".
collectgarbage("stop")
print(collectgarbage("isrunning")) -- expect: false
collectgarbage("restart")
print(collectgarbage("isrunning")) -- expect: true
