-- The package table: config, path and cpath (Debian's defaults, or the
-- LUA_PATH_5_4 / LUA_PATH variables with ";;" for the default), loaded,
-- preload, searchers, searchpath and loadlib.
print(package.config == "/\n;\n?\n!\n-\n", type(package.loadlib), type(package.searchpath))
print(package.path)
print(package.cpath)
print(type(package.loaded), type(package.preload), type(package.searchers), #package.searchers)
local names = {}
for k in pairs(package) do names[#names + 1] = k end
table.sort(names)
print(table.concat(names, " "))

local function child(env, code)
  local p = io.popen(env .. " " .. arg[-1] .. " -e " .. string.format("%q", code))
  local out = p:read("a")
  p:close()
  return out
end
local show = "print(package.path) print(package.cpath)"
io.write(child("LUA_PATH='/a/?.lua' LUA_CPATH='/c/?.so'", show))
io.write(child("LUA_PATH='/a/?.lua;;' LUA_CPATH=';;/c/?.so'", show))
io.write(child("LUA_PATH=';;' LUA_CPATH='/x/?.so;;/y/?.so'", show))
io.write(child("LUA_PATH='/unversioned/?.lua' LUA_PATH_5_4='/versioned/?.lua'", "print(package.path)"))
io.write(child("LUA_CPATH_5_4='/v/?.so' LUA_PATH=''", show))

-- searchpath: '.' in the name becomes '/', or sep becomes rep.
local name = os.tmpname()
local dir, base = name:match("^(.*)/([^/]*)$")
print(package.searchpath(base, dir .. "/?") == name)
print(package.searchpath("x.y.z", "./?.lua;/no/?/init.lua;?"))
print(package.searchpath("x.y", "?", "", "/"))
print(package.searchpath("x_y", "?", "_", "-"))
print(package.searchpath("a.b", "[?]", ".", "::"))
print(package.searchpath("x", ""))
print(package.searchpath("x", ";;"))
print(pcall(package.searchpath, "x"))
print(pcall(package.searchpath))
os.remove(name)

local ok, message, where = package.loadlib("/no/such/lib.so", "luaopen_x")
print(ok, type(message), where == "absent" or where == "open")
print(pcall(package.loadlib, "x"))
