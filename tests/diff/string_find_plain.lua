-- string.find with plain searching and init positions.
local s = "hello world, hello moon"
print(s:find("hello"), s:find("hello", 2), s:find("hello", -10), s:find("xyz"))
print(s:find("o", 1, true), s:find(".", 1, true), s:find("", 1), s:find("", 100), s:find("", #s + 1))
print(s:find("l", -3), s:find("moon", -4), s:find("h", 0), s:find("h", -100))
print(("a.b.c"):find(".", 2, true), ("a.b.c"):find("%.", 2), ("a+b"):find("+", 1, true))
print(("[x]"):find("[", 1, true), pcall(string.find, "[x]", "["))
print(("abc"):find("b", 1, false), ("abc"):find("b", nil, true), ("abc"):find("c", 10))
print(string.find("a\0b", "\0", 1, true), string.find("a\0b", "%z"), string.find("a\0b", "b"))
