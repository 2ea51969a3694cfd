-- At normal exit every object marked for finalization is finalized,
-- reachable or not, newest marked first.
local mt = {__gc = function(o) print("exit finalizer", o[1]) end}
global_obj = setmetatable({"global"}, mt)
local lo = setmetatable({"local"}, mt)
setmetatable({"garbage"}, mt)
print("end of script")
