-- Strings share a metatable whose __index is the string table.
local s = "Hello"
print(s:upper(), s:len(), s:sub(2, 3), ("x"):rep(3), #s:rep(2))
print(getmetatable("").__index == string, getmetatable("abc") == getmetatable(""))
print(("%d items"):format(5), ("a,b"):find(",", 1, true))
string.shout = function(str) return str:upper() .. "!" end
print(("hey"):shout())
string.shout = nil
print(pcall(function() return ("hey"):shout() end))
print(pcall(function() local n = 5; return n:upper() end))
print(type(s.len), s.nonexistent, ("abc").len == string.len)
print(#"abc" == ("abc"):len(), ("A"):byte() + ("B"):byte())
local t = { str = "inner" }
print(t.str:upper(), t["str"]:len())
