-- Long brackets: levels, the skipped first newline, no escapes inside.
local a = [[
first line
second \n line]]
print(a, #a)
local b = [==[
contains ]] and ]=] inside]==]
print(b)
print([[]], #[[]], [[
]] == "", [[

]] == "\n")
print([=[a\tb]=], #[=[\0]=])
local c = [[line1
line2
line3]]
local n = 0
for _ in c:gmatch("[^\n]+") do n = n + 1 end
print(n)
local long = string.rep("x", 1000)
local src = "return [[" .. long .. "]]"
print(#load(src)(), load(src)() == long)
print(load("return [==[ok]=]"))
--[[ a long
comment ]] print("after long comment")
--[==[ another
]] still comment ]==] print("after level-2 comment")
print([[crlf]] .. #"a\r\nb")
