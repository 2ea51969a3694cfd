-- require reads a module file as loadfile does: "#" line, byte order mark,
-- binary chunks.
local dir = os.tmpname()
os.remove(dir)
local prefix = dir .. "_mod_"
package.path = prefix .. "?.lua;" .. package.path
local function write(name, bytes)
  local f = assert(io.open(prefix .. name .. ".lua", "wb"))
  f:write(bytes)
  f:close()
end
write("a", "#!/bin/lua\nreturn { name = ..., line = debug and 0 or 0 }")
write("b", "\xEF\xBB\xBFreturn 'bom module'")
write("c", "#!x\n" .. string.dump(load("return 'binary module'")))
print(require("a").name)
print((require("b")))
print((require("c")))
for _, m in ipairs { "a", "b", "c" } do os.remove(prefix .. m .. ".lua") end
