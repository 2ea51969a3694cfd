-- warn's arguments: strings only (numbers convert), at least one; a part
-- that looks like a control message is plain text when not alone.
print(pcall(warn))
print(pcall(warn, "a", {}))
print(pcall(warn, 1, true))
print(pcall(warn, "@off"))
print(pcall(warn, "x", "@on"))
print(pcall(warn, 12, 3.5))
print(select("#", warn("@off")))
