-- A script that starts with a UTF-8 byte order mark: the mark is skipped.
print("bom", 1 + 1)
print(debug == nil or true)
