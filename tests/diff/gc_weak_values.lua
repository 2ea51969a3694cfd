-- A table with weak values ("v") drops the entries whose value is
-- collected, in the array part and the hash part alike.
local function count(t) local n = 0 for _ in pairs(t) do n = n + 1 end return n end
local t = setmetatable({}, {__mode = "v"})
local keep = {}
t[1], t[2], t[3] = keep, {}, 42
t.a, t.b, t.c = {}, keep, false
local key = {}
t[key] = {}              -- a strong key does not keep a weak value
collectgarbage()
print(count(t), t[1] == keep, t[2], t[3], t.a, t.b == keep, t.c, t[key])
keep = nil
collectgarbage()
print(count(t), t[3], t.c)
-- a value reachable from elsewhere stays
local held = {}
local list = setmetatable({held, {}, held}, {__mode = "v"})
collectgarbage()
print(list[1] == held, list[2], list[3] == held)
