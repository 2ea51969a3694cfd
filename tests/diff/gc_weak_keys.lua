-- A table with weak keys ("k") drops the entries whose key is collected;
-- the values are kept as long as their key lives.
local function count(t) local n = 0 for _ in pairs(t) do n = n + 1 end return n end
local cache = setmetatable({}, {__mode = "k"})
local alive = {}
cache[alive] = "kept"
cache[{}] = "dropped"
cache[function() end] = "dropped too"
cache[1] = {}            -- a number key is not collectable: kept
cache[true] = {}         -- likewise
collectgarbage()
print(count(cache), cache[alive], type(cache[1]), type(cache[true]))
alive = nil
collectgarbage()
print(count(cache))
-- many keys
for i = 1, 100 do cache[{}] = i end
collectgarbage()
print(count(cache))
