-- gsub with a table replacement: lookup by first capture; false/nil keep the match.
local vars = { name = "Lua", version = 5.4, flag = false, n = 10 }
print(("$name $version $flag $missing $n"):gsub("%$(%w+)", vars))
print(("a b c"):gsub("%a", { a = 1, b = true and "B" }))
print(pcall(string.gsub, "a", "a", { a = {} }))
print(pcall(string.gsub, "a", "a", { a = true }))
local mt = setmetatable({}, { __index = function(t, k) return k:upper() end })
print(("abc def"):gsub("%a+", mt))
print(("k1=v1"):gsub("(%w+)=(%w+)", { k1 = "K" }))
print(("x y"):gsub("()", { [1] = "first", [3] = "third" }))
