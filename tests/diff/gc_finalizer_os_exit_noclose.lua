-- os.exit(code) without close ends the process at once: no finalizer runs.
local mt = {__gc = function(o) print("finalizer", o[1]) end}
keep = setmetatable({"reachable"}, mt)
setmetatable({"garbage"}, mt)
print("exiting")
io.stdout:flush()
os.exit(0)
