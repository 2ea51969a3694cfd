-- string.find with patterns: returns positions plus captures.
local s = "key1=value1; key2=value2"
print(s:find("(%w+)=(%w+)"))
print(s:find("(%w+)=(%w+)", 12))
print(s:find("%d+"), s:find("^key"), s:find("^value"), s:find("value2$"))
print(s:find("()=()"))
print(("aaa"):find("a-"), ("aaa"):find("a-$"), ("aaa"):find("a*"), ("aaa"):find("b*"))
print(("  trim  "):find("^%s*(.-)%s*$"))
print(("THE (quick) fox"):find("%((%a+)%)"))
print(("f(a(b)c)d"):find("%b()"), ("x = 10"):find("%s*=%s*"))
