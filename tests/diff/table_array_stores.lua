-- Integer stores into the array part's reserved capacity and at its border
-- + 1 (the VM's inline store path): lengths, holes, hash parts, metatables.

local function dump(t, n)
  local parts = {}
  for i = 1, n do parts[#parts + 1] = tostring(t[i]) end
  return table.concat(parts, " ")
end

-- Appends into a fresh table, with the length after each one.
local t = {}
local lengths = {}
for i = 1, 40 do
  t[i] = i * i
  lengths[#lengths + 1] = #t
end
print("appends", #t, table.concat(lengths, ","))

-- Appends through a register key (SETTABLE) and a constant key (SETI).
local u = {}
u[1] = "a"; u[2] = "b"; u[3] = "c"; u[4] = "d"; u[5] = "e"
print("seti", #u, dump(u, 6))

-- Appends into a table that has a hash part.
local h = {x = 1, y = 2, z = 3}
for i = 1, 20 do h[i] = -i end
print("with hash", #h, h.x, h.y, h.z, dump(h, 21))

-- Stores at border + 1 after holes made by t[n] = nil.
local holes = {}
for i = 1, 16 do holes[i] = i end
holes[16] = nil
holes[15] = nil
print("holes", #holes)
holes[15] = "back"
print("refill", #holes, holes[15])
holes[8] = nil
holes[16] = 16
holes[17] = 17
print("after hole at 8", #holes, holes[8], holes[17])
for i = 1, 17 do holes[i] = nil end
print("emptied", #holes, next(holes))
for i = 1, 5 do holes[i] = i end
print("refilled", #holes, dump(holes, 6))

-- #t after mixed appends and removals.
local mixed = {}
local trace = {}
for round = 1, 30 do
  mixed[#mixed + 1] = round
  if round % 3 == 0 then mixed[#mixed] = nil end
  if round % 7 == 0 then mixed[#mixed + 1] = "x"; mixed[#mixed + 1] = "y" end
  trace[#trace + 1] = #mixed
end
print("mixed", table.concat(trace, ","))

-- table.insert / table.remove interleaved with direct stores.
local list = {}
for i = 1, 10 do
  table.insert(list, i)
  list[#list + 1] = -i
  if i % 2 == 0 then table.remove(list, 1) end
  if i % 3 == 0 then table.insert(list, 1, "f" .. i) end
end
print("insert/remove", #list, table.concat(list, " "))
while #list > 3 do
  table.remove(list)
  list[#list] = "last"
end
print("drained", #list, table.concat(list, " "))

-- Zero, negative and float-integral keys: not array slots, or the same ones.
local keys = {}
keys[0] = "zero"
keys[-1] = "minus one"
keys[1] = "one"
keys[2.0] = "two"
keys[3] = "three"
keys[3.0] = "three again"
keys[4.5] = "four and a half"
keys[math.mininteger] = "min"
print("keys", #keys, keys[0], keys[-1], keys[1], keys[2], keys[2.0], keys[3], keys[4.5],
      keys[math.mininteger])
local f = {}
for i = 1, 10 do f[i + 0.0] = i end
print("float appends", #f, math.type(next(f)), dump(f, 11))

-- Stores beside __newindex: an absent key in the array's capacity must call it.
local log = {}
local mt = {__newindex = function(t, k, v) log[#log + 1] = tostring(k); rawset(t, k, v) end}
local guarded = setmetatable({}, mt)
for i = 1, 6 do guarded[i] = i end
guarded[3] = "replaced"  -- present: no call
guarded[3] = nil
guarded[3] = "again"     -- absent again: a call
print("newindex", #guarded, table.concat(log, ","), dump(guarded, 7))
local reserved = {1, 2, 3, 4, 5, 6, 7, nil}
reserved[8] = nil
setmetatable(reserved, {__newindex = function(t, k, v) log[#log + 1] = "r" .. k end})
reserved[8] = 8
reserved[6] = nil
reserved[6] = 6
print("reserved", table.concat(log, ","), rawget(reserved, 8), rawget(reserved, 6))
local proxy = setmetatable({}, {__newindex = {}})
proxy[1] = "into the other table"
print("newindex table", rawget(proxy, 1), getmetatable(proxy).__newindex[1])

-- Very large and sparse keys stay in the hash part.
local sparse = {}
sparse[1] = 1
sparse[1 << 40] = "big"
sparse[math.maxinteger] = "max"
sparse[2 ^ 53] = "float big"
sparse[100000] = "far"
print("sparse", #sparse, sparse[1 << 40], sparse[math.maxinteger], sparse[2 ^ 53], sparse[100000])
for i = 2, 64 do sparse[i] = i end
print("sparse filled", #sparse, sparse[64], sparse[100000])

-- A long run of appends (the array part doubles many times), checked.
local big = {}
for i = 1, 100000 do big[i] = i % 7 end
local sum = 0
for i = 1, #big do sum = sum + big[i] end
print("big", #big, sum)
for i = 100000, 50001, -1 do big[i] = nil end
print("halved", #big)
for i = 50001, 70000 do big[i] = 0 end
print("regrown", #big)
