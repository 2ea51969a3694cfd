-- string.gmatch: captures, no captures, empty matches, anchors, init argument.
for k, v in ("a=1, b=2, c=3"):gmatch("(%w+)=(%w+)") do print(k, v) end
local words = {}
for w in ("The quick  brown fox"):gmatch("%a+") do words[#words + 1] = w end
print(#words, table.concat(words, ","))
local n = 0
for e in ("abc"):gmatch("") do n = n + 1; print("empty", e == "", n) end
for a in ("abc"):gmatch("x*") do print("x*", "[" .. a .. "]") end
for c in ("hello"):gmatch(".", 3) do print("from3", c) end
for c in ("hello"):gmatch(".", -2) do print("from-2", c) end
for p in ("aXbXc"):gmatch("()X") do print("pos", p) end
local it = ("1 2 3"):gmatch("%d")
print(it(), it(), it(), it(), it())
for a, b in ("ab cd ef"):gmatch("(%a)(%a)") do print(b .. a) end
print(pcall(string.gmatch))
local t = {}
for line in ("l1\nl2\n\nl4"):gmatch("([^\n]*)\n?") do t[#t + 1] = "[" .. line .. "]" end
print(table.concat(t))
