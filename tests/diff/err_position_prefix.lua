-- Only string messages get a position prefix; numbers stay numbers without one.
print(pcall(function() error("msg") end))
print(pcall(function() error(42) end))
print(pcall(function() error(4.5) end))
print(pcall(function() error("") end))
print(pcall(function() error("multi\nline") end))
local ok, e = pcall(function() error("x") end)
print(type(e), e:match("^(.-):(%d+): (.*)$"))
