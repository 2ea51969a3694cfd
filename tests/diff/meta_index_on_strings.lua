-- The string metatable can be extended (it is shared by all strings).
local smt = getmetatable("")
local old = smt.__index
smt.__index = function(s, k)
  if type(k) == "number" then return string.sub(s, k, k) end
  return old[k]
end
local s = "hello"
print(s[1], s[5], s[10], s:upper(), ("x").len == string.len)
smt.__index = old
print(pcall(function() return s[1] end))
smt.__add = smt.__add
print("10" + 5, pcall(function() return "a" + 1 end))
