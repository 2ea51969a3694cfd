-- A file handle the script drops is closed (and so flushed) by the
-- collector, through the handle's native finalizer; the standard files
-- never are.
local name = os.tmpname()
local function open_and_forget()
  local f = io.open(name, "w")
  f:write("flushed by the collector")
end
open_and_forget()
-- Overwrite the stack slots open_and_forget used, so that no stale copy
-- keeps the handle alive.
local function clobber() local a, b, c, d, e, f, g, h = 1, 2, 3, 4, 5, 6, 7, 8 return a end
clobber()
collectgarbage()
local g = io.open(name)
print(g:read("a")) -- expect: flushed by the collector
g:close()
os.remove(name)
collectgarbage()
io.stdout:write("stdout still open\n") -- expect: stdout still open
print(io.type(io.stdin), io.type(io.stderr)) -- expect: file	file
