-- string.len, the # operator and string.rep with separators.
print(#"", #"abc", ("abc"):len(), string.len("a\0b"), #tostring(12.5))
print(string.rep("ab", 3), string.rep("ab", 3, ","), string.rep("x", 0), string.rep("x", -1))
print("[" .. string.rep("", 100) .. "]", string.rep("a", 1, "SEP"), string.rep("ab", 2, ""))
print(#string.rep("abc", 1000), #string.rep("a", 10, "bc"))
print(string.rep(5, 3), pcall(string.rep))
print(pcall(string.rep, "x", 1e10))
print(pcall(string.len, 42), pcall(string.len, {}))
