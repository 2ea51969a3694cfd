-- Messages for upvalues.
local up
local upt = {}
print(pcall(function() return up.x end))
print(pcall(function() up.x = 1 end))
print(pcall(function() return upt.a.b end))
print(pcall(function() return up() end))
print(pcall(function() return up + 1 end))
print(pcall(function() return #up end))
print(pcall(function() return up .. "x" end))
print(pcall(function() return up < 1 end))
