-- ^ anchors at the init position; $ only at the end; both literal elsewhere.
print(("hello"):find("^h"), ("hello"):find("^e"), ("hello"):find("^e", 2), ("hello"):find("o$"))
print(("a^b$c"):find("^", 1, true), ("a^b$c"):find("a^b"), ("a^b$c"):find("b$c"), ("a^b$c"):find("%$"))
print(("aaa"):gsub("^a", "X"), ("aaa"):gsub("a$", "X"), ("aaa"):gsub("^", "X"), ("aaa"):gsub("$", "X"))
for w in ("abc abc"):gmatch("^abc") do print("gmatch anchored", w) end
print(("xyz"):match("^(x)(y)(z)$"), ("xyz\n"):match("^xyz$"), ("$"):match("^%$$"))
print(string.gsub("hello world", "^%s*(%w+)", "[%1]"))
