-- break leaves only the innermost loop, from any loop kind.
local out = {}
for i = 1, 3 do
  for j = 1, 3 do
    if j > i then break end
    out[#out + 1] = i .. j
  end
end
print(table.concat(out, " "))
local n = 0
while true do
  n = n + 1
  repeat
    if n % 2 == 0 then break end
    n = n + 10
  until true
  if n > 30 then break end
end
print(n)
for _, v in ipairs({ 1, 2, 3, 4 }) do
  if v == 3 then break end
  print("v", v)
end
for k in pairs({ a = 1 }) do break end
print("done")
