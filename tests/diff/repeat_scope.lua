-- repeat ... until: the condition sees locals declared in the body.
local i = 0
repeat
  local done = i >= 3
  i = i + 1
until done
print(i)
local n = 0
repeat n = n + 1 until n == 5
print(n)
local count = 0
repeat
  local x = count * 2
  count = count + 1
  if x == 4 then break end
until x > 100
print(count)
local fs = {}
local k = 0
repeat
  local captured = k
  fs[#fs + 1] = function() return captured end
  k = k + 1
until captured >= 2
print(#fs, fs[1](), fs[2](), fs[3]())
repeat local once = true until once
print("once ok")
local j = 0
repeat
  j = j + 1
  local skip = j % 2 == 0
  if skip then goto continue end
  print("odd", j)
  ::continue::
until j >= 5
