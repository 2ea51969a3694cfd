-- Escapes in short strings: \z, \x, \u{...}, decimal, line continuations.
print("a\z
      b", "\x41\x62", "\u{48}\u{49}", "\u{7FF}" == "\xDF\xBF", #"\u{10FFFF}", #"\u{7FFFFFFF}")
print("\65\066\0067", #"\0", "tab\tend", "back\\slash", 'q"uote', "q'uote")
print("line\
break")
print(#[[
skipped first newline]], [==[with ]] inside]==])
print(("\r\n"):byte(1, -1))
