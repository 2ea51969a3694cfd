-- Recursion through __tostring called by tostring().
local mt = {}
mt.__tostring = function(self) return tostring(setmetatable({}, mt)) end
local ok, e = pcall(tostring, setmetatable({}, mt))
if not ok and e:find("stack overflow") then print("stack overflow caught") end -- expect: stack overflow caught
