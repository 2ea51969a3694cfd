-- xpcall passes extra arguments to the function.
print(xpcall(function(a, b, c) return a + b + c end, print, 1, 2, 3))
print(xpcall(function(...) return select("#", ...) end, print, nil, nil))
print(xpcall(string.rep, function(m) return "bad: " .. m end, "ab", 3))
print(xpcall(string.rep, function(m) return "bad: " .. m end, {}, 3))
local function handler(m) return "handled " .. m end
print(xpcall(xpcall, handler, error, handler, "nested", 0))
