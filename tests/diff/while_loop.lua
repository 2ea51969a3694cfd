-- while loops: conditions, break, nested loops, locals per iteration.
local i, s = 0, 0
while i < 10 do i = i + 1; s = s + i end
print(i, s)
local n = 27
local steps = 0
while n ~= 1 do if n % 2 == 0 then n = n // 2 else n = 3 * n + 1 end steps = steps + 1 end
print("collatz 27", steps)
local found
local a = 1
while true do
  local b = 1
  while b <= a do
    if a * b == 42 and a ~= b then found = a .. "x" .. b break end
    b = b + 1
  end
  if found then break end
  a = a + 1
end
print(found)
while false do print("never") end
local x = nil
while x do print("never") end
local t = { 3, 2, 1 }
while #t > 0 do print(table.remove(t)) end
