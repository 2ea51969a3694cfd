-- An error inside the message handler gives LUA_ERRERR's message.
print(xpcall(function() error("first", 0) end, function(m) error("handler failed", 0) end))
print(xpcall(function() error("first", 0) end, function(m) local x = nil; return x.y end))
print(pcall(xpcall, function() error("first", 0) end, 42))
print(pcall(xpcall, function() return "fine" end, 42))
