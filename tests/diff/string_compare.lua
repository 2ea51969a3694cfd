-- String ordering is bytewise (C locale), including embedded zeros and prefixes.
local words = { "banana", "Apple", "apple", "cherry", "", "a", "ab", "abc", "b", "Z", "10", "9", "a\0b", "a\0a", "a\0" }
table.sort(words)
for i, w in ipairs(words) do words[i] = string.format("%q", w) end
print(table.concat(words, " "))
print("a" < "b", "a" < "A", "abc" < "abd", "abc" < "ab", "" < "\0", "\0" < "\1", "\255" > "\127")
print("a\0b" < "a\0c", "a\0" > "a", "a" <= "a", "b" >= "a", "x" == "x", "x" ~= "X")
local a, b = "con" .. "cat", "concat"
print(a == b, rawequal(a, b), a < b, a <= b)
