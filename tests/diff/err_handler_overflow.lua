-- A message handler that overflows the stack (Lua or C) or errors: Lua's
-- LUA_ERRERR, "error in error handling".
local function rec() return 1 + rec() end
print(xpcall(error, function(m) return rec() end, "x"))
print(xpcall(rec, function(m) return rec() end))
print(xpcall(error, function(m) error("again") end, "x"))
local t = setmetatable({}, { __index = function(t, k) return t[k] end })
print(xpcall(error, function(m) return t.x end, "x"))
local function g(s) return (string.gsub(s, ".", g)) end
print(xpcall(error, function(m) return g("a") end, "x"))
print(pcall(xpcall, error, function(m) return rec() end, "x"))
print(xpcall(rec, function(m) return "handled: " .. tostring(m):match("stack overflow") end))
local co = coroutine.wrap(function() return xpcall(error, function() return rec() end, 1) end)
print(co())
-- after all that, the stack works as before
print(select("#", table.unpack({}, 1, 100)))
