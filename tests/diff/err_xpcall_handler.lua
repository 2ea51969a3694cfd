-- xpcall calls the message handler with the error; its result is returned.
print(xpcall(function() error("oops", 0) end, function(m) return "handled: " .. m end))
print(xpcall(function() return "no error", 2 end, function(m) return "never" end))
print(xpcall(function() error({ code = 5 }) end, function(e) return e.code * 10 end))
print(xpcall(function() local t = nil; return t.x end, function(m) return "H(" .. m .. ")" end))
print(xpcall(function() error("x", 0) end, function(m) return 1, 2, 3 end))
print(xpcall(function() error("x", 0) end, function(m) end))
local seen_level
print(xpcall(function() error("lvl") end, function(m) seen_level = m; return "wrapped" end), seen_level)
print(pcall(xpcall))
print(pcall(xpcall, print))
print(xpcall(error, function(m) return "error fn: " .. tostring(m) end, "arg"))
print(xpcall(function() error() end, function(m) return type(m) end))
