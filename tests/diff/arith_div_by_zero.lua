-- Integer division/modulo by zero raise errors; float division gives inf/nan.
print(pcall(function() return 1 // 0 end))
print(pcall(function() return 1 % 0 end))
local z = 0
print(pcall(function() return 10 // z end))
print(pcall(function() return 10 % z end))
print(pcall(function() return math.mininteger // z end))
print(1 / 0, -1 / 0, 0 / 0 ~= 0 / 0)
print(1 / z, -1 / z, 1.0 // z, 1 // 0.0)
print(pcall(function() return "6" // "0" end))
print(pcall(function() return 6 % "0" end))
print(pcall(function() return 6.0 % "0" end) )
