-- "kv": an entry goes when either its key or its value is collected.
local function count(t) local n = 0 for _ in pairs(t) do n = n + 1 end return n end
local t = setmetatable({}, {__mode = "kv"})
local a, b = {}, {}
t[a] = b        -- both alive
t[{}] = b       -- dead key
t[a == a] = {}  -- dead value (key true)
t[b] = 7        -- live key, plain value
t[10] = {}      -- dead value in the array range
collectgarbage()
print(count(t), t[a] == b, t[true], t[b], t[10])
b = nil
collectgarbage()
print(count(t), t[a])
-- the mode is read at each collection: a table can become weak later
local late = {}
late[{}] = 1
setmetatable(late, {__mode = "kv"})
collectgarbage()
print(count(late))
