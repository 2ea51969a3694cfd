-- Unbounded recursion through an __index function is caught as a stack overflow.
local t = setmetatable({}, {})
getmetatable(t).__index = function(self, k) return self[k] end
local ok, e = pcall(function() return t.x end)
if not ok and e:find("stack overflow") then print("stack overflow caught") end -- expect: stack overflow caught
-- Through __newindex, __call, and arithmetic metamethods too.
local n = setmetatable({}, {})
getmetatable(n).__newindex = function(self, k, v) self[k] = v end
ok, e = pcall(function() n.x = 1 end)
if not ok and e:find("stack overflow") then print("stack overflow caught") end -- expect: stack overflow caught
local c = setmetatable({}, {})
getmetatable(c).__call = function(self) return 1 + self() end
ok, e = pcall(c)
if not ok and e:find("stack overflow") then print("stack overflow caught") end -- expect: stack overflow caught
local a = setmetatable({}, {})
getmetatable(a).__add = function(x, y) return x + y end
ok, e = pcall(function() return a + 1 end)
if not ok and e:find("stack overflow") then print("stack overflow caught") end -- expect: stack overflow caught
