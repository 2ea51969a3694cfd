-- Variable descriptions in errors: constants, upvalues, globals through _ENV.
local config = {}
local function get() return config.section.key end
print(pcall(get))
local count
local function inc() count = count + 1 end
print(pcall(inc))
local s = "text"
print(pcall(function() return s + 1 end))
print(pcall(function() return s.x.y end))
print(pcall(function() return math.nonexistent.x end))
print(pcall(function() local _ENV = {}; return x.y end))
print(pcall(function() local _ENV = { print = print }; undefined() end))
print(pcall(function() return ({}).x.y end))
