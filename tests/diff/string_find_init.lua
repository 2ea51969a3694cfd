-- string.find and string.match with init: negative, past the end, plain.
local s = "abcabc"
print(s:find("b", 3), s:find("b", -2), s:find("b", -100), s:find("b", 100))
print(s:find("", 7), s:find("", 8), s:find("", -1))
print(s:find("c", 1, true), s:find(".", 1, true), s:find("a.c", 1, false))
print(s:match("b", 3), s:match("(b)(c)", 4), s:match("()", 3))
print(s:find("^b", 2), s:find("^a", 4), s:match("^(a)", 4))
print(("a+b"):find("+", 1, true), ("a.b"):find("%."))
print(pcall(s.find, s))
print(pcall(s.find, s, "x", "y"))
