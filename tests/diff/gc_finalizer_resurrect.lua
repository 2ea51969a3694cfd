-- A finalizer may store its object somewhere reachable: the object is then
-- alive and usable, and its finalizer does not run again (unless
-- setmetatable marks it anew).
local mt = {}
mt.__gc = function(o)
  print("finalizing", o.name, o.child.name)
  saved = o
end
do setmetatable({name = "obj", child = {name = "child"}}, mt) end
collectgarbage()
print(saved and saved.name, saved and saved.child.name)
saved.extra = "usable"
print(saved.extra)
saved = nil
collectgarbage()
print("not finalized twice", saved)
-- marked anew: finalized again
do
  local o = setmetatable({name = "twice", child = {name = "c"}}, mt)
end
collectgarbage()
setmetatable(saved, mt)
saved = nil
collectgarbage()
print(saved and saved.name)
