-- debug.traceback: messages, levels, non-string messages, methods, fields,
-- locals, upvalues, tail calls and the main chunk.
local function show(s) print((s:gsub("\t", "  "))) end

local function inner() show(debug.traceback("inner")) end
local obj = {}
function obj.field() inner() end
function obj:method() obj.field() end
obj:method()

local up = function() show(debug.traceback("up", 1)) end
local function via_upvalue() up() end
via_upvalue()

local function tail() return inner() end
tail()

show(debug.traceback())
show(debug.traceback(nil))
show(debug.traceback("level 2", 2))
show(debug.traceback("level 0", 0))
show(debug.traceback("far", 100))
show(debug.traceback("neg", -1))
show(debug.traceback(12))
show(debug.traceback(1.5))
print(type(debug.traceback({})), type(debug.traceback(true)), debug.traceback(false))
local t = {}
print(debug.traceback(t) == t)
show(debug.traceback(""))
