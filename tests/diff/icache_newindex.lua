-- Inline caches and SETFIELD: __newindex appearing on a metatable after the
-- site cached the field, fields set to nil so that the next store is not a
-- replacement, rawset behind the site's back.
local log = {}
local function set(t, v) t.x = v end
local function get(t) return t.x end

local mt = {}
local t = setmetatable({x = 0}, mt)
for i = 1, 10 do
  set(t, i)                       -- replaces: __newindex is not consulted
  if i == 3 then mt.__newindex = function(tbl, k, v) log[#log + 1] = k .. "=" .. tostring(v); rawset(tbl, k, v * 2) end end
  if i == 5 then t.x = nil end    -- now absent: the next store calls __newindex
  if i == 7 then rawset(t, "x", nil) end
end
print(get(t), table.concat(log, ","))

-- __newindex as a table: stores go to the other table while the key is absent.
local store = {}
local proxy = setmetatable({}, {__newindex = store, __index = store})
for i = 1, 6 do
  set(proxy, i)
  if i == 3 then rawset(proxy, "x", "raw") end
end
print(rawget(proxy, "x"), store.x, get(proxy))

-- Globals: SETTABUP after _ENV gets a __newindex.
counter = 0
local function bump() counter = counter + 1 end
for i = 1, 3 do bump() end
local shadow = {}
setmetatable(_G, {__newindex = function(_, k, v) shadow[k] = v end, __index = shadow})
for i = 1, 3 do bump() end          -- counter exists: replaced in _G
counter = nil                       -- removed from _G
shadow.counter = 100
for i = 1, 3 do bump() end          -- reads through __index, stores through __newindex
print(rawget(_G, "counter"), shadow.counter)
setmetatable(_G, nil)

-- A field stored nil, then read through the same cached site.
local obj = {a = 1, b = 2}
local function seta(o, v) o.a = v end
local function geta(o) return o.a end
local r = {}
for i = 1, 6 do
  seta(obj, (i % 2 == 0) and i or nil)
  r[#r + 1] = tostring(geta(obj))
end
print(table.concat(r, ","))
