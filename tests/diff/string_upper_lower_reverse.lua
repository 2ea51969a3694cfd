-- string.upper, lower and reverse (bytes only, C locale).
print(("Hello World 123!"):upper(), ("Hello World 123!"):lower())
print(string.upper("\xe9abc"):byte(1, -1))
print(("abc"):reverse(), (""):reverse(), ("a"):reverse(), ("ab\0cd"):reverse() == "dc\0ba")
print(string.reverse(123), string.upper(1.5), string.lower(true and "MiXeD"))
print(pcall(string.upper))
local s = "The Quick Brown Fox"
print(s:lower():reverse():upper())
local pal = "A man a plan a canal Panama"
local cleaned = pal:lower():gsub("%s", "")
print(cleaned, cleaned == cleaned:reverse())
