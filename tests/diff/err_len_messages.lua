-- Length error messages.
print(pcall(function() return #undefined_len end))
print(pcall(function() local n = 1; return #n end))
print(pcall(function() local t = {}; return #t.x end))
print(pcall(function() return #true end))
print(pcall(function() return #nil end))
