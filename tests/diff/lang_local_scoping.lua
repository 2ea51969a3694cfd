-- Block scoping and shadowing of locals.
local x = "outer"
do
  local x = "inner"
  print(x)
  do local x = "innermost"; print(x) end
  print(x)
end
print(x)
local y = 1
local y = y + 1
print(y)
local function f(x) x = x .. "!"; return x end
print(f("arg"), x)
for x = 1, 2 do print("loop", x) end
print(x)
if true then local x = "if" print(x) end
print(x)
local z = z
print(z)
local a, a = 1, 2
print(a)
