-- An uncaught error from a file method names the position of the call.
local f = io.tmpfile()
f:close()
print("closing done")
f:write("too late")
