-- An error inside __close replaces the original error; other variables still close.
local function res(name, fail)
  return setmetatable({}, { __close = function(_, err)
    print("closing", name, err)
    if fail then error(name .. " failed", 0) end
  end })
end
print(pcall(function()
  local a <close> = res("a")
  local b <close> = res("b", true)
  local c <close> = res("c")
  return "normal"
end))
print(pcall(function()
  local a <close> = res("a", true)
  local b <close> = res("b", true)
  error("original", 0)
end))
print(pcall(function()
  local only <close> = res("only", true)
end))
