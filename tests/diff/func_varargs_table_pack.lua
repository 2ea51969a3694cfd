-- Varargs into tables: {...}, table.pack(...).n, passing through.
local function collect(...)
  local t = { ... }
  local p = table.pack(...)
  return #t, p.n, p
end
local a, b, p = collect(1, 2, 3)
print(a, b, p[3])
a, b, p = collect()
print(a, b, p[1])
a, b, p = collect(nil, nil, "x")
print(b, p[3])
local function pass(...) return ... end
print(pass(1, nil, 3))
print(select("#", pass(nil, nil, nil)))
local function wrap(f, ...) local r = table.pack(f(...)); return r.n, table.unpack(r, 1, r.n) end
print(wrap(pass, "x", nil))
print(wrap(string.find, "hello", "l+"))
local function varsum(...) local s = 0 for _, v in ipairs({ ... }) do s = s + v end return s end
print(varsum(), varsum(1), varsum(1, 2, 3, 4, 5))
local function many(...) return select("#", ...) end
print(many(table.unpack({}, 1, 250)))
