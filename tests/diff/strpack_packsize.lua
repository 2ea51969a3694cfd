-- string.packsize: the size of every fixed-size option, alignment included,
-- and its errors for variable-size formats and results too large.
for _, fmt in ipairs({"", " ", "b", "B", "h", "H", "i", "I", "l", "L", "j", "J", "T",
                      "f", "d", "n", "x", "c0", "c10", "i1", "i7", "I16", "<>=",
                      "!bd", "!4bd", "bXd", "!bXd", "!2 b Xi4", "i3i3i3", "c100000"}) do
  print(string.format("%q", fmt), string.packsize(fmt))
end
print(pcall(string.packsize, "s"))
print(pcall(string.packsize, "s4"))
print(pcall(string.packsize, "bz"))
print(string.packsize("c2147483639"))
print(pcall(string.packsize, "c2147483639b"))
print(pcall(string.packsize, "c1073741824c1073741824"))
print(pcall(string.packsize, "c1073741823c1073741824"))
print(pcall(string.packsize))
print(pcall(string.packsize, {}))
print(pcall(string.packsize, 123))
