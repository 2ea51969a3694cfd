-- The prelude docs/security.md gives hosts: afterwards a script loads source
-- text only (with or without an environment), and the process-reaching
-- libraries have no name left to reach them by.
local raw_load = load
load = function(chunk, name, mode, ...) return raw_load(chunk, name, "t", ...) end
os = { clock = os.clock, date = os.date, difftime = os.difftime, time = os.time }
io, package, require, dofile, loadfile, debug = nil, nil, nil, nil, nil, nil
executor, loop, thread, sync, work, gil = nil, nil, nil, nil, nil, nil

print(load(string.dump(function() return 1 end), "=dumped", "b"))
-- expect: nil	attempt to load a binary chunk (mode is 't')
print(load("return x", "=c", "bt", { x = 5 })()) -- expect: 5
print(load("return 1 + 1")()) -- expect: 2
print(pcall(load("return x", "=c", "t", nil))) -- expect: false	c:1: attempt to index a nil value (upvalue '_ENV')
print(os.execute, os.exit, os.remove, io, _G.package, require, executor, loop, thread)
-- expect: nil	nil	nil	nil	nil	nil	nil	nil	nil
print(type(os.time()), debug) -- expect: number	nil
