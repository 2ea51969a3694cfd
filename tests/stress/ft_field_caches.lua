-- Threads reading fields and calling methods of shared objects through the
-- same instructions while other threads reshape those objects, for the
-- inline caches of GETFIELD, SELF, SETFIELD and GETTABUP (each instruction
-- remembers the hash node where its key was last found, in the object and in
-- its class; docs/architecture.md, "Inline caches"). Without a GIL the
-- remembered node may be rehashed away, deleted or handed to another key at
-- any moment; a reader must still see only values the key really held.
--   mutators  add and remove filler keys on the objects and on the classes
--             (both rehash, moving every node), swap each object's
--             metatable between classes A and B, delete and restore an
--             optional field, and rebind a global
--   readers   read o.id (never changes), o:kind() and o.tag (from a class),
--             o.opt (nil or its value), a global, and store o.last (a
--             replacement at a cached node while the node array moves)
-- arg[1] scales the run time.
local scale = tonumber(arg[1]) or 1
local duration = 3 * scale
local OBJECTS = 8
local READERS, MUTATORS = 2, 2
local deadline = sys.monotonic() + duration
if gil.enabled() then gil.switchinterval(0.0005) end

local A = {tag = "A"}
A.__index = A
function A.kind() return "A" end
local B = {tag = "B"}
B.__index = B
function B.kind() return "B" end

local objects = {}
for i = 1, OBJECTS do objects[i] = setmetatable({id = i, opt = i * 10, last = 0}, A) end
shared_global = "g"

local function mutator(m)
  local rounds = 0
  while sys.monotonic() < deadline do
    rounds = rounds + 1
    local o = objects[(rounds + m) % OBJECTS + 1]
    for j = 1, 24 do o["pad" .. m .. "_" .. j] = j end
    setmetatable(o, rounds % 2 == 0 and A or B)
    if rounds % 3 == 0 then o.opt = nil else o.opt = o.id * 10 end
    for j = 1, 24 do o["pad" .. m .. "_" .. j] = nil end
    local class = rounds % 2 == 0 and A or B
    for j = 1, 12 do class["cpad" .. m .. "_" .. j] = j end
    for j = 1, 12 do class["cpad" .. m .. "_" .. j] = nil end
    if rounds % 5 == 0 then shared_global = "g" .. m end
  end
  return rounds
end

local function reader(r)
  local reads, broken = 0, 0
  while sys.monotonic() < deadline do
    for i = 1, OBJECTS do
      local o = objects[i]
      reads = reads + 1
      if o.id ~= i then broken = broken + 1 end
      local k = o:kind()
      if k ~= "A" and k ~= "B" then broken = broken + 1 end
      local t = o.tag
      if t ~= "A" and t ~= "B" then broken = broken + 1 end
      local opt = o.opt
      if opt ~= nil and opt ~= i * 10 then broken = broken + 1 end
      local g = shared_global
      if type(g) ~= "string" or g:sub(1, 1) ~= "g" then broken = broken + 1 end
      o.last = r
    end
  end
  return reads, broken
end

local handles = {}
for m = 1, MUTATORS do handles[#handles + 1] = thread.spawn(mutator, m) end
for r = 1, READERS do handles[#handles + 1] = thread.spawn(reader, r) end
local rounds, reads, broken = 0, 0, 0
for m = 1, MUTATORS do rounds = rounds + handles[m]:join() end
for r = 1, READERS do
  local n, b = handles[MUTATORS + r]:join()
  reads, broken = reads + n, broken + b
end

local final_ok = true
for i, o in ipairs(objects) do
  if o.id ~= i or (o.last ~= 0 and (o.last < 1 or o.last > READERS)) then final_ok = false end
  for k in pairs(o) do
    if type(k) ~= "string" or k:find("^pad") then final_ok = false end
  end
end
for k in pairs(A) do if k:find("^cpad") then final_ok = false end end
for k in pairs(B) do if k:find("^cpad") then final_ok = false end end
print("reads saw only real values", broken) -- expect: reads saw only real values	0
print("objects as the mutators left them", final_ok) -- expect: objects as the mutators left them	true
print("worked", rounds > 1 and reads > OBJECTS) -- expect: worked	true
