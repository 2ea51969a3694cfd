-- print separates arguments with tabs and converts with tostring.
print()
print(nil)
print(nil, nil)
print(1, "two", 3.0, true, false, nil, -0.0)
print("", "", "")
print("a\tb", "c\nd")
local obj = setmetatable({}, { __tostring = function() return "OBJ" end })
print(obj, obj)
local saved = tostring
tostring = function() return "replaced" end
print(1, "x")
tostring = saved
print(select("#", print("inner")))
