-- Position captures () return integer positions.
print(("hello"):match("()ll()"))
print(("hello"):find("()l"))
print(math.type(("abc"):match("()")), ("abc"):match("()$"), (""):match("()"))
for pos, word in ("one two three"):gmatch("()(%a+)") do print(pos, word) end
print(("aXbXc"):gsub("()X", "%1"))
print(string.match("abc", "a()b()c()"))
