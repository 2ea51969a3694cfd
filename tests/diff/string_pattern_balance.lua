-- %bxy matches balanced pairs.
print(("f(a(b)c) g(d)"):gsub("%b()", "[]"))
print(("{a{b}c}{"):match("%b{}"), ("((("):match("%b()"), ("x)"):match("%b()"))
print(("<<a><b>>"):match("%b<>"), ("\"quoted\" rest"):match('%b""'))
print(("if (a and (b or c)) then"):match("if%s*(%b())"))
print(pcall(string.find, "abc", "%b"))
print(pcall(string.find, "abc", "%ba"))
print(("aXbXcX"):match("%bXX"), ("abba"):match("%bab"), ("[[]]"):match("%b[]"))
