-- utf8.codepoint: code points of the characters starting in s[i..j], strict
-- about surrogates and values above U+10FFFF unless lax.
local s = "aé€😀"
print(utf8.codepoint(s))
print(utf8.codepoint(s, 1, -1))
print(utf8.codepoint(s, 2), utf8.codepoint(s, 4), utf8.codepoint(s, -4))
print(select("#", utf8.codepoint(s, 3, 2)))
print(utf8.codepoint("", 1, 0))
print(pcall(utf8.codepoint, s, 0))
print(pcall(utf8.codepoint, s, 1, #s + 1))
print(pcall(utf8.codepoint, s, 3))            -- a continuation byte
print(pcall(utf8.codepoint, "\xED\xA0\x80"))  -- a surrogate
print(utf8.codepoint("\xED\xA0\x80", 1, 1, true))
print(pcall(utf8.codepoint, "\xF4\x90\x80\x80"))
print(utf8.codepoint("\xF4\x90\x80\x80", 1, 1, true))
print(utf8.codepoint("\xFD\xBF\xBF\xBF\xBF\xBF", 1, 1, true))
print(pcall(utf8.codepoint, "\xC0\x80"))      -- overlong
print(pcall(utf8.codepoint, "\xC0\x80", 1, 1, true))
print(pcall(utf8.codepoint, "\xE2\x82"))      -- cut short
print(pcall(utf8.codepoint, "\xFE"))
print(pcall(utf8.codepoint, s, "x"))
print(pcall(utf8.codepoint))
print(utf8.codepoint(12))
