-- Recursion through string.gsub replacement callbacks.
local function expand(s) return (s:gsub("%w", expand)) end
local ok, e = pcall(expand, "abc")
if not ok and e:find("stack overflow") then print("stack overflow caught") end -- expect: stack overflow caught
print((("abc"):gsub("%w", string.upper))) -- expect: ABC
