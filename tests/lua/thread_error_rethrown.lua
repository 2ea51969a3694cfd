-- An error in a thread is re-raised by join, with the thread's traceback.
local function fail(msg) error(msg) end
local h = thread.spawn(function() fail("boom") end)
local ok, err = pcall(h.join, h)
print(ok) -- expect: false
print((err:match("^[^\n]*"))) -- expect: thread_error_rethrown.lua:2: boom
print(err:find("\n[thread 2] stack traceback:", 1, true) ~= nil) -- expect: true
print(err:find("in upvalue 'fail'", 1, true) ~= nil) -- expect: true
-- Joined again: the same error again.
local ok2, err2 = pcall(h.join, h)
print(ok2, err2 == err) -- expect: false	true

-- Error values that are not strings come back as they are.
local obj = { code = 7 }
local t = thread.spawn(function() error(obj) end)
local ok3, e3 = pcall(t.join, t)
print(ok3, e3 == obj, e3.code) -- expect: false	true	7
local n = thread.spawn(function() error(42) end)
print(pcall(n.join, n)) -- expect: false	42
local z = thread.spawn(function() error() end)
print(pcall(z.join, z)) -- expect: false	nil
-- error with level 0: no position.
local l0 = thread.spawn(function() error("plain", 0) end)
print((select(2, pcall(l0.join, l0)):match("^[^\n]*"))) -- expect: plain
-- A runtime error, not a call to error().
local rt = thread.spawn(function() local x = nil; return x.field end)
print((select(2, pcall(rt.join, rt)):match("^[^\n]*"))) -- expect: thread_error_rethrown.lua:26: attempt to index a nil value (local 'x')
