-- Every character class and its complement, over all 256 bytes.
local all = {}
for i = 0, 255 do all[#all + 1] = string.char(i) end
all = table.concat(all)
for _, c in ipairs({ "a", "c", "d", "g", "l", "p", "s", "u", "w", "x" }) do
  local lower = select(2, all:gsub("%" .. c, ""))
  local upper = select(2, all:gsub("%" .. c:upper(), ""))
  local sample = {}
  for ch in all:gmatch("%" .. c) do
    if #sample < 12 then sample[#sample + 1] = string.format("%02x", ch:byte()) end
  end
  print(c, lower, upper, lower + upper, table.concat(sample, " "))
end
print(select(2, all:gsub(".", "")), select(2, all:gsub("%z", "")), select(2, all:gsub("[%z]", "")))
print(("a1 B2_c3!"):gsub("%W", "#"), ("tab\there"):gsub("%s", "_"))
print(("%"):match("%%"), ("."):match("%."), ("a"):match("%."), ("]"):match("%]"))
