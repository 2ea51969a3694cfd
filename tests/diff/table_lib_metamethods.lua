-- The table library goes through __index/__newindex/__len (Lua 5.4 semantics).
local log = {}
local store = {}
local proxy = setmetatable({}, {
  __index = function(_, k) log[#log + 1] = "get" .. k; return store[k] end,
  __newindex = function(_, k, v) log[#log + 1] = "set" .. k; store[k] = v end,
  __len = function() return #store end,
})
table.insert(proxy, "a"); table.insert(proxy, "b"); table.insert(proxy, 1, "z")
print(table.concat(store, ","), #proxy)
print(table.concat(proxy, "+"))
print(table.remove(proxy), table.concat(store, ","))
print(table.unpack(proxy))
table.sort(proxy, function(a, b) return a > b end)
print(table.concat(store, ","))
print(#log > 0)
local lenonly = setmetatable({ 1, 2, 3, 4, 5 }, { __len = function() return 2 end })
print(#lenonly, table.concat(lenonly, ","), table.unpack(lenonly))
print(pcall(table.insert, setmetatable({}, { __len = function() return "x" end }), 1))
print(pcall(table.concat, setmetatable({}, { __len = function() return 2.5 end })))
