-- goto leaves nested loops at once, and jumps forward over code.
local found
for i = 1, 10 do
  for j = 1, 10 do
    if i * j == 42 then found = { i, j } goto done end
  end
end
::done::
print(found[1], found[2])
do
  goto skip
  print("skipped")
  ::skip::
  print("after skip")
end
local function find(grid, x)
  for r, row in ipairs(grid) do
    for c, v in ipairs(row) do
      if v == x then return r, c end
    end
  end
end
print(find({ { 1, 2 }, { 3, 4 } }, 4))
for i = 1, 3 do
  for j = 1, 3 do
    if j == 2 then goto next_i end
    print(i, j)
  end
  ::next_i::
end
