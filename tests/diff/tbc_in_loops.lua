-- To-be-closed variables in many loop iterations and nested functions.
local count = 0
local mt = { __close = function() count = count + 1 end }
for i = 1, 1000 do local r <close> = setmetatable({}, mt) end
print(count)
local function worker(n)
  local r <close> = setmetatable({}, mt)
  if n > 0 then return worker(n - 1) end
  return "bottom"
end
count = 0
print(worker(50), count)
local order = {}
local function mk(i) return setmetatable({}, { __close = function() order[#order + 1] = i end }) end
do
  local a <close> = mk(1)
  for i = 2, 3 do local b <close> = mk(i) end
  local c <close> = mk(4)
end
print(table.concat(order, " "))
