-- Leaving a block with break or goto closes its to-be-closed variables.
local function res(name) return setmetatable({}, { __close = function() print("closed", name) end }) end
for i = 1, 5 do
  local r <close> = res("loop " .. i)
  if i == 2 then print("breaking"); break end
end
while true do
  local w <close> = res("while")
  do
    local inner <close> = res("inner")
    break
  end
end
do
  local g <close> = res("goto block")
  goto out
end
::out::
local i = 0
::again::
do
  local a <close> = res("again " .. i)
  i = i + 1
  if i < 3 then goto again end
end
print("end")
