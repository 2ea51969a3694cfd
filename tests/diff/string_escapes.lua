-- Escape sequences in short strings.
local s = "a\tb\nc\\d\"e\'f"
print(s, #s)
print("\65\066\0677", "\x41\x62\x7A", "\u{48}\u{49}", #"\u{7FF}", #"\u{FFFF}", #"\u{10FFFF}", #"\u{7FFFFFFF}")
print(("\a\b\f\v\r"):byte(1, -1))
print("\0", #"\0", #"a\0b", ("a\0b"):byte(2))
print("line1\
line2")
print("skip \z
       spaces", "x\z  y")
print('single "quotes"', "double 'quotes'")
print(#"\255\254", ("\255"):byte(), "\u{E9}" == "\xC3\xA9", "\u{20AC}")
print(load([[return "\q"]]))
print(load([[return "\x4"]]))
print(load([[return "\300"]]))
print(load([[return "\u{110000000}"]]))
print(load([[return "abc]]))
