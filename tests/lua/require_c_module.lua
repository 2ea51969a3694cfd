-- gilvm runs Lua code only: a C module found on package.cpath is an error
-- that says so (stock Lua would load it).
local dir = os.tmpname()
os.remove(dir)
assert(os.execute("mkdir " .. dir))
local cleanup <close> = setmetatable({}, {__close = function() os.execute("rm -r " .. dir) end})
local f = io.open(dir .. "/cmod.so", "w")
f:write("not really a shared object")
f:close()
package.path = dir .. "/?.lua"
package.cpath = dir .. "/?.so"
local ok, message = pcall(require, "cmod")
print(ok, message:find("gilvm cannot load C modules", 1, true) ~= nil) -- expect: false	true
ok, message = pcall(require, "cmod.sub") -- the root's library
print(ok, message:find("from file '" .. dir .. "/cmod.so'", 1, true) ~= nil) -- expect: false	true
print(package.loadlib(dir .. "/cmod.so", "luaopen_cmod")) -- expect: nil	gilvm cannot load C libraries (it runs Lua code only)	absent
require("cmod")
-- expect-error: error loading module 'cmod' from file
-- expect-error: gilvm cannot load C modules (it runs Lua code only)
