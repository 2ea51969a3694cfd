-- Word frequencies, line statistics and formatting of a small text.
local text = [[
It was the best of times, it was the worst of times, it was the age of wisdom,
it was the age of foolishness, it was the epoch of belief, it was the epoch of
incredulity, it was the season of Light, it was the season of Darkness, it was
the spring of hope, it was the winter of despair, we had everything before us,
we had nothing before us, we were all going direct to Heaven, we were all going
direct the other way.]]
local freq, total = {}, 0
for word in text:lower():gmatch("%a+") do freq[word] = (freq[word] or 0) + 1; total = total + 1 end
local words = {}
for w, n in pairs(freq) do words[#words + 1] = { w = w, n = n } end
table.sort(words, function(a, b) if a.n ~= b.n then return a.n > b.n end return a.w < b.w end)
print("total words", total, "distinct", #words)
for i = 1, 10 do print(string.format("%2d. %-10s %3d %5.1f%%", i, words[i].w, words[i].n, 100 * words[i].n / total)) end
local lines = 0
local longest = ""
for line in (text .. "\n"):gmatch("(.-)\n") do
  lines = lines + 1
  if #line > #longest then longest = line end
end
print("lines", lines, "longest", #longest)
local caps = {}
for w in text:gmatch("%u%l*") do caps[#caps + 1] = w end
print(table.concat(caps, ","))
local function wrap(s, width)
  local out, line = {}, ""
  for w in s:gmatch("%S+") do
    if #line + #w + 1 > width and #line > 0 then out[#out + 1] = line; line = w
    else line = (#line > 0) and (line .. " " .. w) or w end
  end
  if #line > 0 then out[#out + 1] = line end
  return out
end
for _, l in ipairs(wrap(text, 40)) do print("|" .. l .. string.rep(" ", 40 - #l) .. "|") end
local title = text:sub(1, 40):gsub("(%a)([%w']*)", function(a, b) return a:upper() .. b:lower() end)
print(title)
local vowels = select(2, text:gsub("[aeiouAEIOU]", ""))
print("vowels", vowels, "commas", select(2, text:gsub(",", ",")))
