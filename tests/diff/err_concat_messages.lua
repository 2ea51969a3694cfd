-- Concatenation error messages.
print(pcall(function() local x; return "a" .. x end))
print(pcall(function() local x; return x .. "a" end))
print(pcall(function() return "a" .. undefined_g end))
print(pcall(function() local t = {}; return "a" .. t.f end))
print(pcall(function() return "a" .. {} end))
print(pcall(function() local a, b, c = "1", nil, "3"; return a .. b .. c end))
print(pcall(function() local a, b, c = "1", "2", false; return a .. b .. c end))
print(pcall(function() return 1 .. true end))
