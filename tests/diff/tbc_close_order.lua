-- To-be-closed variables are closed in reverse order of declaration at scope exit.
local function res(name)
  return setmetatable({ name = name }, { __close = function(self, err) print("close", self.name, err) end })
end
do
  local a <close> = res("a")
  local b <close> = res("b")
  local c <close> = res("c")
  print("in scope")
end
print("after scope")
local function nested()
  local outer <close> = res("outer")
  do
    local inner <close> = res("inner")
  end
  print("between")
  return "ret"
end
print(nested())
for i = 1, 2 do
  local per <close> = res("iter" .. i)
  print("iteration", i)
end
