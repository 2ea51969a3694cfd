-- utf8.codes iterates over positions and code points; invalid sequences
-- raise "invalid UTF-8 code" unless lax allows them.
for p, c in utf8.codes("aé€😀") do io.write(p, ":", c, " ") end
print()
for p, c in utf8.codes("") do print("never", p, c) end
for p, c in utf8.codes("\xF4\x90\x80\x80x", true) do io.write(p, ":", c, " ") end
print()
print(pcall(function() for p, c in utf8.codes("ab\xF4\x90\x80\x80") do io.write(p, " ") end end))
print(pcall(function() for p, c in utf8.codes("a\xFFb") do io.write(p, " ") end end))
print(pcall(function() for p, c in utf8.codes("\xED\xA0\x80") do end end))
for p, c in utf8.codes("\xED\xA0\x80", true) do print(p, c) end
-- Stray continuation bytes after a character are skipped (Lua 5.4.4).
for p, c in utf8.codes("a\x80\x80b") do io.write(p, ":", c, " ") end
print()
local f, s, i = utf8.codes("xyz")
print(type(f), s, i)
print(f(s, 0))
print(f(s, 2))
print(f(s, 3))
print(f(s, -5))
print(pcall(f, nil, 0))
print(pcall(utf8.codes))
print(pcall(utf8.codes, {}))
