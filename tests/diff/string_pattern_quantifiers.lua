-- Quantifiers: * (greedy), + , - (lazy), ? on single chars, classes and sets.
local s = "<a><bb><ccc>"
print(s:match("<.*>"), s:match("<.->"), s:match("<(%a+)>"), s:match("<(%a-)>"))
print(("aaab"):match("a*"), ("aaab"):match("a+"), ("aaab"):match("a-b"), ("aaab"):match("a?a?"))
print(("b"):match("a*b"), ("b"):match("a+b"), ("b"):match("a-b"), ("b"):match("a?b"))
print(("color colour"):gsub("colou?r", "C"))
print(("xxxyyy"):match("x*y*"), ("xxxyyy"):match("x-y-"), ("xxxyyy"):match("x-y+"))
print(("123abc456"):match("%d+(.-)%d+"), ("123abc456"):match("%d+(.*)%d+"))
print(("[[x]]"):match("%[+(.-)%]+"), ("a.b.c"):match("(.-)%."), ("a.b.c"):match("(.*)%."))
print(("aaaa"):gsub("a-", "-"), ("aaaa"):gsub("a*", "-"), ("aaaa"):gsub("a?", "-"))
print(("  x"):match("^ *()"), ("abc"):match("[abc]+$"), ("a+b"):match("a%+?b"))
print(string.rep("a", 50):match("^(a*)a*a*a*b?$") == string.rep("a", 50))
