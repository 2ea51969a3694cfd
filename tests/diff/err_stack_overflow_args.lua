-- Stack overflow with a table allocated per level.
local function g(n) local t = { n } ; return g(n + 1)[1] end
print(select(2, pcall(g, 1)):find("stack overflow") ~= nil)
