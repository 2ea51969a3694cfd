-- Very long __index chains (below Lua's limit of 2000) still resolve.
local base = { value = "found" }
local cur = base
for i = 1, 1500 do cur = setmetatable({}, { __index = cur }) end
print(cur.value, cur.other)
local ncur = {}
local store = {}
ncur = setmetatable({}, { __newindex = store })
for i = 1, 1500 do ncur = setmetatable({}, { __newindex = ncur }) end
ncur.k = "stored"
print(store.k)
local deep = base
for i = 1, 2100 do deep = setmetatable({}, { __index = deep }) end
print(pcall(function() return deep.value end))
