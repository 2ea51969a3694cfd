-- Objects reachable from locals, upvalues, globals, metatables and keys survive collections.
local list = {}
for i = 1, 10000 do list[i] = { value = i, name = "item" .. i } end
local function make() local hidden = { secret = "kept by upvalue" } return function() return hidden.secret end end
local getter = make()
global_keep = { "kept by global" }
local meta = setmetatable({}, { __index = { from_meta = "kept by metatable" } })
local key = {}
local by_key = { [key] = "kept as value of a table key" }
for i = 1, 2e6 do local garbage = { i } end
collectgarbage()
collectgarbage()
local ok = true
for i = 1, 10000 do if list[i].value ~= i or list[i].name ~= "item" .. i then ok = false end end
print(ok)                    -- expect: true
print(getter())              -- expect: kept by upvalue
print(global_keep[1])        -- expect: kept by global
print(meta.from_meta)        -- expect: kept by metatable
print(by_key[key])           -- expect: kept as value of a table key
