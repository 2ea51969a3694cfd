-- require loads Lua modules found on package.path (here a temporary
-- directory), passes them the module name and file name, caches their
-- value in package.loaded and returns it with the loader data.
local dir = os.tmpname()
os.remove(dir)
assert(os.execute("mkdir -p " .. dir .. "/pkg"))
local function write(file, text)
  local f = assert(io.open(dir .. "/" .. file, "w"))
  f:write(text)
  f:close()
end
local function shown(s) return (tostring(s):gsub(dir, "DIR")) end
write("mymod.lua", "local name, file = ...\nloads = (loads or 0) + 1\n" ..
                   "return {name = name, file = file, answer = 42}\n")
write("pkg/init.lua", "return {init = ..., sub = require(... .. '.sub')}\n")
write("pkg/sub.lua", "return 'sub of ' .. select(1, ...)\n")
write("returns_nil.lua", "x_loaded = true\n")
write("sets_loaded.lua", "package.loaded[...] = 'set by the module'\n")
write("returns_false.lua", "return false\n")
write("bad_syntax.lua", "return {\n")
write("fails.lua", "error('module failed')\n")
write("shebang.lua", "#!/usr/bin/env lua\nreturn 'shebang ok'\n")
package.path = dir .. "/?.lua;" .. dir .. "/?/init.lua"
package.cpath = dir .. "/?.so"

local m, data = require("mymod")
print(m.name, shown(m.file), m.answer, shown(data), loads)
local again, data2 = require("mymod")
print(again == m, data2, loads, package.loaded.mymod == m)
local pkg, pdata = require("pkg")
print(pkg.init, pkg.sub, shown(pdata), package.loaded["pkg.sub"])
print(require("returns_nil"), x_loaded, package.loaded.returns_nil)
print(shown(require("sets_loaded")), shown(select(2, require("sets_loaded"))))
print(require("returns_false"), package.loaded.returns_false)
local value, file = require("shebang")
print(value, shown(file))

local ok, err = pcall(require, "bad_syntax")
print(ok, shown(err))
print(package.loaded.bad_syntax)
ok, err = pcall(require, "fails")
print(ok, shown(err))
ok, err = pcall(require, "missing")
print(ok, shown(err))
ok, err = pcall(require, "missing.sub")
print(ok, shown(err))

-- Already loaded modules, the standard ones among them.
print(require("string") == string, require("_G") == _G, require("io") == io,
      require("package") == package, require("utf8") == utf8, require("os") == os)
print(package.loaded._G == _G, package.loaded.package == package)
print(pcall(require))
print(pcall(require, {}))
print(require(42 == 42 and "mymod") == m)
os.execute("rm -r " .. dir)
