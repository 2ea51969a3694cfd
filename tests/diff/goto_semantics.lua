-- goto: continue idiom, jumping out of nested blocks, closures per iteration.
local fns = {}
local i = 1
::top::
do
  local j = i
  fns[#fns + 1] = function() return j end
end
i = i + 1
if i <= 3 then goto top end
print(fns[1](), fns[2](), fns[3]())
for x = 1, 3 do
  for y = 1, 3 do
    if y == 2 then goto next_x end
    io.write(x, ",", y, " ")
  end
  ::next_x::
end
print()
do
  goto done
  print("skipped")
  ::done::
end
local n = 0
repeat
  n = n + 1
  if n % 2 == 1 then goto continue end
  io.write(n, " ")
  ::continue::
until n >= 6
print()
print(load("goto l; local x; ::l:: print(x)"))
