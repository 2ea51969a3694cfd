-- %f[set] frontier patterns: word boundaries and transitions.
print(("THE (quick) fox"):gsub("%f[%a]%a+", "W"))
print(("hello world"):gsub("%f[%w]%w+%f[%W]", "<%0>"))
print(("THE (quick) fox"):find("%f[%a]%a+%f[%A]"))
print(("aaBBcc"):find("%f[%u]"), ("aaBBcc"):find("%f[%l]", 2), ("ab"):find("%f[%z]"))
local words = {}
for w in ("one,two;;three four"):gmatch("%f[%w]%w+") do words[#words + 1] = w end
print(table.concat(words, "|"))
print(("123abc"):gsub("%f[%d]", "#"), ("x"):gsub("%f[^\0]", "^"))
print(pcall(string.find, "x", "%f"))
print(pcall(string.find, "x", "%fa"))
