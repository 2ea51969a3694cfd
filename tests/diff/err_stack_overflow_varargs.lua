-- Stack overflow with growing varargs.
local function h(...) return 1 + h(1, 2, 3, ...) end
local ok, e = pcall(h)
print(ok, type(e), string.find(e, "stack overflow") ~= nil)
