-- %1..%9 back-references inside patterns.
print(('say "hi" and \'bye\''):gsub("([\"'])(.-)%1", "<%2>"))
print(("abcabc"):match("(abc)%1"), ("abab"):find("(a)(b)%1%2"), ("aa bb cd"):gsub("(%a)%1", "D"))
print(("x=x y=z"):gsub("(%a)=%1", "same"))
print(pcall(string.find, "aa", "%1"))
print(pcall(string.find, "aa", "(a)%2"))
print(pcall(string.find, "aa", "(a%1)"))
print(("hello"):match("(l)%1"), ("()"):match("(%()"))
