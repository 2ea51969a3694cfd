-- string.upper/lower/reverse/len over all byte values, and embedded zeros.
local all = {}
for i = 0, 255 do all[#all + 1] = string.char(i) end
local s = table.concat(all)
local up, low = s:upper(), s:lower()
local changed_up, changed_low = 0, 0
for i = 1, 256 do
  if up:byte(i) ~= s:byte(i) then changed_up = changed_up + 1 end
  if low:byte(i) ~= s:byte(i) then changed_low = changed_low + 1 end
end
print(#s, #up, #low, changed_up, changed_low)
print(s:reverse():byte(1), s:reverse():byte(256), #s:reverse())
print(("a\0b"):upper() == "A\0B", #"a\0b", ("\0"):rep(3):len())
print(("Hello World"):upper(), ("Hello World"):lower(), ("abc"):reverse())
