-- os.exit(code, true) closes the state: pending finalizers run.
local mt = {__gc = function(o) print("finalizer", o[1]) end}
keep = setmetatable({"reachable"}, mt)
setmetatable({"garbage"}, mt)
print("exiting")
os.exit(0, true)
