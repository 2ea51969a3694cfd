-- utf8.charpattern, lax mode for code points past 0x10FFFF, and surrogates.
print(utf8.charpattern == "[\0-\x7F\xC2-\xFD][\x80-\xBF]*")
local s = "häll€ 𝄞"
local parts = {}
for ch in s:gmatch(utf8.charpattern) do parts[#parts + 1] = #ch end
print(table.concat(parts, ","))
print(utf8.len("\xF4\x90\x80\x80"), utf8.len("\xF4\x90\x80\x80", 1, -1, true))
print(pcall(utf8.codepoint, "\xF4\x90\x80\x80"))
print(utf8.codepoint("\xF4\x90\x80\x80", 1, 1, true))
print(utf8.len("\xED\xA0\x80"), utf8.len("\xED\xA0\x80", 1, -1, true))
print(#utf8.char(0x7FFFFFFF), pcall(utf8.char, 0x80000000))
for p, c in utf8.codes("a\u{10FFFF}b") do io.write(p, ":", c, " ") end
print()
print(pcall(function() for p, c in utf8.codes("a\xFFb") do end end))
print(utf8.offset("a€b", 3), utf8.offset("a€b", -1), utf8.offset("a€b", 0, 3))
print(pcall(utf8.offset, "a€b", 1, 3))
