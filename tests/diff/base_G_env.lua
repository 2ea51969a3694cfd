-- _G and _ENV: globals are fields of the environment table.
print(_G._G == _G, _ENV == _G, type(_G))
newglobal = 5
print(_G.newglobal, _G["newglobal"], rawget(_G, "newglobal"))
_G.another = "via _G"
print(another)
local names = {}
for _, n in ipairs({ "print", "type", "pairs", "string", "table", "math", "pcall", "error", "select" }) do
  names[#names + 1] = n .. ":" .. type(_G[n])
end
print(table.concat(names, " "))
setmetatable(_G, { __index = function(_, k) return "auto_" .. k end })
print(undefined_variable_name)
setmetatable(_G, nil)
print(undefined_variable_name)
local function sandbox(code)
  local env = { print = print }
  return load(code, "sandbox", "t", env)
end
sandbox("print(string, x, print ~= nil)")()
