-- Integer numeric for: steps, negative steps, empty ranges, loop variable type.
local function run(a, b, c)
  local r = {}
  if c then for i = a, b, c do r[#r + 1] = i end else for i = a, b do r[#r + 1] = i end end
  return table.concat(r, ",")
end
print(run(1, 5), run(5, 1), run(5, 1, -1), run(1, 10, 3), run(10, 1, -4), run(0, 0), run(1, 0))
print(run(-3, 3, 2), run(3, -3, -2), run(1, 1, 100), run(1, 1, -100), run(2, 1, 1))
for i = 1, 3 do print(i, math.type(i)) end
local n = 0
for i = 1, 100000 do n = n + i end
print(n)
local cnt = 0
for i = 10, 1, -1 do cnt = cnt + 1 end
print(cnt)
print(run(1, 3.5), run(1, 3.9999), run(-1, -3.5, -1), run(1, -math.huge), run(3, 1.5, -1))
