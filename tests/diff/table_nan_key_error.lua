-- nil and NaN are not valid keys for writing; reading them gives nil.
local t = {}
print(pcall(function() t[nil] = 1 end))
print(pcall(function() t[0 / 0] = 1 end))
print(pcall(rawset, t, nil, 1))
print(t[nil], t[0 / 0], rawget(t, nil))
print(pcall(function() return { [nil] = 1 } end))
print(pcall(function() local k; t[k] = 1 end))
print(pcall(function() local k = 0 / 0; return { [k] = 1 } end))
t[1] = nil
print(next(t))
