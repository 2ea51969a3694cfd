-- io.open accepts the modes Lua accepts ([rwa]+?b*) and reports failures as
-- nil, "name: strerror", errno.
local name = os.tmpname()
for _, mode in ipairs({"r", "w", "a", "r+", "w+", "a+", "rb", "wb", "ab", "r+b", "w+b", "a+b",
                       "rbb", "", "x", "rw", "r+w", "br", "+r", "r++", "rt", "wx", "r\0"}) do
  local ok, f = pcall(io.open, name, mode)
  if ok and f then f:close() end
  print(string.format("%q", mode), ok, ok and io.type(f) or f)
end
print(io.open("/nonexistent/dir/file"))
print(io.open("/nonexistent/dir/file", "w"))
local ok, message, code = io.open(name .. "/x")
print(ok, message == name .. "/x: Not a directory", code)
print(pcall(io.open))
print(pcall(io.open, name, {}))
print(pcall(io.open, {}))
-- A number is a name too.
print(io.open(12345678) == nil)
os.remove(name)
