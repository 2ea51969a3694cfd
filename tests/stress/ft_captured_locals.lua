-- One local of a running frame, captured by closures that other threads call,
-- for the free-threaded runtime's registers: every store into a register that
-- an open upvalue points at, and every read of one, is a single 16-byte move,
-- so nobody sees the tag of one value with the payload of another (a string's
-- tag with an integer's bits is a pointer nobody made). At once, on the local
-- `shared` of the frame running `owner`:
--   - the frame itself stores strings, integers, floats and tables into it
--     with its own instructions (GETTABLE, MULK, ADDK, LOADK, MOVE) and reads
--     it (MOVE, a table key, ==), checking each value it sees;
--   - two threads store the same kinds of values through a setter closure;
--   - three threads read it through a getter closure and use what they get:
--     a string method on a string, a field of a table, arithmetic on a
--     number.
-- Every value ever stored is one of a known set: the strings of STRINGS, the
-- tables of TABLES, integers that are multiples of 7 and floats k + 0.25.
-- Every value read must be one of them, exactly; a torn one is a wrong value
-- or a crash. With a GIL the same operations are merely interleaved.
-- arg[1] scales the run time.
local scale = tonumber(arg[1]) or 1
local deadline = sys.monotonic() + 2 * scale
if gil.enabled() then gil.switchinterval(0.0005) end

-- Short strings (interned) and long ones, and tables, all made before any
-- thread starts.
local STRINGS, UPPER, TABLES, IS_TABLE = {}, {}, {}, {}
for i = 1, 16 do
  local s = string.rep(string.char(96 + i), i % 2 == 0 and 3 or 60) .. i
  STRINGS[i], UPPER[s] = s, s:upper()
  TABLES[i] = { id = i, name = s }
  IS_TABLE[TABLES[i]] = true
end

-- One of the values stored, used the way its type allows.
local function valid(v)
  local kind = math.type(v) or type(v)
  if kind == "string" then
    return UPPER[v] ~= nil and v:upper() == UPPER[v]
  elseif kind == "table" then
    return IS_TABLE[v] == true and TABLES[v.id] == v and v.name == STRINGS[v.id]
  elseif kind == "integer" then
    return v % 7 == 0 and (v + 7) // 7 * 7 == v + 7
  elseif kind == "float" then
    return v % 1 == 0.25 and v - 0.25 == math.floor(v)
  end
  return false
end

-- The value number n of a writer: the four kinds in turn.
local function value(n)
  local m = n % 4
  if m == 0 then return STRINGS[n % 16 + 1] end
  if m == 1 then return n * 7 end
  if m == 2 then return n + 0.25 end
  return TABLES[n % 16 + 1]
end

local function writer(set, first)
  local stores = 0
  while sys.monotonic() < deadline do
    for n = first, first + 255 do set(value(n)) end
    stores = stores + 256
  end
  return stores
end

local function reader(get)
  local reads, broken = 0, 0
  while sys.monotonic() < deadline do
    for _ = 1, 256 do
      if not valid(get()) then broken = broken + 1 end
    end
    reads = reads + 256
  end
  return reads, broken
end

local KNOWN = {}
for i = 1, 16 do KNOWN[STRINGS[i]], KNOWN[TABLES[i]] = i, i end

local function owner()
  local shared = STRINGS[1]
  local function get() return shared end
  local function set(v) shared = v end
  local writers, readers = {}, {}
  for w = 1, 2 do writers[w] = thread.spawn(writer, set, w * 1000) end
  for r = 1, 3 do readers[r] = thread.spawn(reader, get) end

  local n, broken, first = 0, 0, 0
  while sys.monotonic() < deadline do
    for _ = 1, 64 do
      n = n + 1
      local m = n % 5
      if m == 0 then
        shared = STRINGS[n % 16 + 1]
      elseif m == 1 then
        shared = n * 7
      elseif m == 2 then
        shared = n + 0.25
      elseif m == 3 then
        shared = TABLES[n % 16 + 1]
      else
        shared = "bbb2"
      end
      local v = shared
      if not valid(v) then broken = broken + 1 end
      -- The register itself read by instructions: a table key, an operand of
      -- == (a long string compares by content).
      local i = KNOWN[shared]
      if i ~= nil and not (i >= 1 and i <= 16) then broken = broken + 1 end
      if shared == STRINGS[1] then first = first + 1 end
    end
  end

  local stores, reads = 0, 0
  for w = 1, 2 do stores = stores + writers[w]:join() end
  for r = 1, 3 do
    local got, bad = readers[r]:join()
    reads, broken = reads + got, broken + bad
  end
  return broken, reads, stores, n, valid(shared)
end

local broken, reads, stores, own, last_valid = owner()
print("every value read was one stored", broken == 0, reads > 0 and stores > 0 and own > 0) -- expect: every value read was one stored	true	true
print("the local ends with a value stored", last_valid) -- expect: the local ends with a value stored	true
