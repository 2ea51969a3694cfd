-- loadfile and dofile of a binary chunk after a "#" first line (as luac -s
-- output behind "#!"), of a text chunk after one, and with a byte order mark.
local function write(name, bytes)
  local f = assert(io.open(name, "wb"))
  f:write(bytes)
  f:close()
end
local name = os.tmpname()
local binary = string.dump(load("local a, b = ... return (a or 1) + (b or 2), 'binary'"))

write(name, "#!/usr/bin/env lua5.4\n" .. binary)
local f, err = loadfile(name)
print(type(f), err)
print(f(10, 20))
print(dofile(name))
print(loadfile(name, "t"))

write(name, "# comment line\nreturn 'text', ...")
print(loadfile(name)("arg"))
print(select("#", loadfile(name, "b")))

write(name, "\xEF\xBB\xBF#!shebang\n" .. binary)
print(loadfile(name)(5, 5))

write(name, "\xEF\xBB\xBFreturn 'bom only'")
print(dofile(name))

write(name, "#!shebang\nerror('on line two')")
print(pcall(dofile, name) == false)
local ok, msg = pcall(dofile, name)
print(msg:match(":(%d+):"))
os.remove(name)
