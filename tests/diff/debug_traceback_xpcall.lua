-- xpcall(f, debug.traceback): the handler sees the error's frames.
local function show(s) print((s:gsub("\t", "  "))) end

local function lvl3() error("deep error") end
local function lvl2() lvl3() end
local function lvl1() lvl2() end
show(select(2, xpcall(lvl1, debug.traceback)))

show(select(2, xpcall(function() local x = nil; return x.y end, debug.traceback)))

local t = setmetatable({}, {__index = function(t, k) error("no field " .. k) end})
show(select(2, xpcall(function() return t.missing end, debug.traceback)))

show(select(2, xpcall(function() string.rep() end, debug.traceback)))

print(select(2, xpcall(function() error({code = 1}) end, debug.traceback)).code)
print(select(2, xpcall(function() error() end, debug.traceback)))

-- a handler that adds its own level
show(select(2, xpcall(lvl1, function(m) return debug.traceback("wrapped: " .. m, 2) end)))

-- nested pcall inside xpcall
show(select(2, xpcall(function() pcall(error, "ignored"); lvl2() end, debug.traceback)))

-- for iterator and metamethod names
local function iter() error("in iterator") end
show(select(2, xpcall(function() for _ in iter do end end, debug.traceback)))
local mt = {__add = function() error("in add") end}
show(select(2, xpcall(function() return setmetatable({}, mt) + 1 end, debug.traceback)))
