-- Recursion where every level is its own pcall: the overflow is caught at the bottom
-- and each level re-raises it.
local depth = 0
local function f()
  depth = depth + 1
  local ok, e = pcall(f)
  if not ok then error(e, 0) end
end
local ok, e = pcall(f)
if not ok and e:find("stack overflow") then print("stack overflow caught") end -- expect: stack overflow caught
print(depth > 10) -- expect: true
-- A chain of pcalls that returns instead of re-raising.
local function g() return pcall(g) end
local r = table.pack(g())
print(r[1]) -- expect: true
