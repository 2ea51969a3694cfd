-- Finalizers run in the reverse order of marking (of the setmetatable
-- calls that marked the objects), once each.
local mt = {__gc = function(o) print("finalize", o.name) end}
for _, name in ipairs({"a", "b", "c", "d"}) do
  setmetatable({name = name}, mt)
end
local keep = setmetatable({name = "kept"}, mt)
-- marking order is not creation order
local x, y = {name = "x (made first)"}, {name = "y (made second)"}
setmetatable(y, mt)
setmetatable(x, mt)
x, y = nil, nil
print("collect")
collectgarbage()
print("again")
collectgarbage()
print("end")
keep = nil
collectgarbage()
print("last")
