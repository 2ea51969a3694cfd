-- goto as 'continue' in the common loop forms.
for i = 1, 10 do
  if i % 3 ~= 0 then goto continue end
  print("multiple of 3:", i)
  ::continue::
end
local t = { "a", "", "b", "", "c" }
local out = {}
for _, v in ipairs(t) do
  if v == "" then goto skip end
  out[#out + 1] = v
  ::skip::
end
print(table.concat(out, ","))
local i = 0
while i < 6 do
  i = i + 1
  if i == 2 or i == 4 then goto next end
  print("while", i)
  ::next::
end
