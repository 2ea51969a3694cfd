-- A value without __close is rejected at the declaration.
print(pcall(function() local x <close> = {} end))
print(pcall(function() local y <close> = 42 end))
print(pcall(function() local z <close> = "str" end))
print(pcall(function()
  local good <close> = setmetatable({}, { __close = function() print("good closed") end })
  local bad <close> = true
end))
local mt = { __close = function() print("mt closed") end }
local obj = setmetatable({}, mt)
print(pcall(function()
  local o <close> = obj
  mt.__close = nil
end))
print(load("local a <close>, b <close> = 1, 2"))
print(load("local c <foo> = 1"))
