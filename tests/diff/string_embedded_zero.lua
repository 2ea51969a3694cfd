-- Strings are byte arrays: embedded zeros survive every operation.
local s = "a\0b\0c"
print(#s, s:len(), s:byte(1, -1))
print(s:upper() == "A\0B\0C", s:rep(2) == "a\0b\0ca\0b\0c", #s:rep(3, "\0"))
print(s:find("\0"), s:find("b\0"), s:find("%z"), s:find("[\0]", 3))
print(s:gsub("\0", "-"))
print(s:sub(2, 4) == "\0b\0", s:reverse() == "c\0b\0a", ("\0"):byte())
local t = {}
t[s] = "zero key"
print(t["a\0b\0c"], t["a"], t["a\0b"])
print(string.format("%q", s), ("x\0y"):match("x(.)y") == "\0")
print(("\0\0\0"):gsub("", "."), select("#", ("\0\0"):byte(1, -1)))
print(tostring("a\0b") == "a\0b", #table.concat({ "\0", "\0" }, "\0"))
