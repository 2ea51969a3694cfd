-- error with levels 0, 1, 2 and non-string values; error() with no value.
local function lvl(n) error("msg", n) end
local function caller(n) lvl(n) end
print(pcall(caller, 0))
print(pcall(caller, 1))
print(pcall(caller, 2))
print(pcall(caller, 3) )
print(pcall(error))
print(pcall(error, nil))
print(pcall(error, 42))
print(pcall(error, 42, 2))
print(select("#", pcall(error)))
local t = {}
local ok, e = pcall(error, t)
print(ok, e == t)
print(pcall(error, true))
print(pcall(error, "x", "notanumber"))
print(pcall(assert, false))
print(pcall(assert, nil, "custom message"))
print(select("#", pcall(assert, false, nil)))
print(pcall(assert, 1, 2, 3))
print(pcall(assert))
