-- Inline caches: keys deleted (set to nil) and added again, by the cached
-- site itself and by other code, on the instance and on the class.
local function read(t) return t.v end
local function write(t, x) t.v = x end

local t = {v = 1, w = 2}
local out = {}
for i = 1, 12 do
  out[#out + 1] = tostring(read(t))
  if i % 3 == 0 then
    t.v = nil                -- deleted: the node keeps a dead key
  elseif i % 3 == 1 then
    write(t, i)              -- SETFIELD on a deleted key: not a replace
  else
    rawset(t, "v", i * 10)
  end
  if i % 4 == 0 then
    for j = 1, 20 do t["z" .. j] = j end  -- and rehash, dropping dead keys
    for j = 1, 20 do t["z" .. j] = nil end
  end
end
print(table.concat(out, ","))

-- Fields set to nil fall through to the class, and back.
local Base = {v = "class"}
Base.__index = Base
local o = setmetatable({v = "own"}, Base)
local seen = {}
for i = 1, 8 do
  seen[#seen + 1] = read(o)
  if i % 2 == 1 then o.v = nil else o.v = "own" .. i end
end
print(table.concat(seen, ","))

-- The class loses the field and gets it back.
local seen2 = {}
for i = 1, 8 do
  seen2[#seen2 + 1] = tostring(read(o))
  if i == 2 then Base.v = nil end
  if i == 4 then Base.v = "again" end
  if i == 6 then o.v = false end
end
print(table.concat(seen2, ","))

-- A global deleted and re-added (GETTABUP / SETTABUP).
g_counter = 1
local gs = {}
for i = 1, 6 do
  gs[#gs + 1] = tostring(g_counter)
  if i % 2 == 0 then g_counter = nil else g_counter = (g_counter or 0) + i end
end
print(table.concat(gs, ","))
