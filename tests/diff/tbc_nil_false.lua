-- nil and false are allowed as to-be-closed values and are ignored.
do
  local a <close> = nil
  local b <close> = false
  print("nil and false accepted")
end
local function f()
  local x <close> = nil
  return "returned"
end
print(f())
local closed = false
do
  local c <close> = setmetatable({}, { __close = function() closed = true end })
  local d <close> = nil
end
print(closed)
