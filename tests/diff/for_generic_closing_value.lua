-- The fourth value of a generic for is a to-be-closed variable, closed when the loop ends.
local function closer(name)
  return setmetatable({}, { __close = function(_, err) print("closed", name, err) end })
end
local function iter(n, name)
  local i = 0
  return function() i = i + 1; if i <= n then return i end end, nil, nil, closer(name)
end
for i in iter(2, "normal") do print("body", i) end
for i in iter(5, "break") do if i == 2 then break end print("body", i) end
local function f()
  for i in iter(5, "return") do if i == 3 then return "returned at " .. i end end
end
print(f())
print(pcall(function() for i in iter(5, "error") do if i == 2 then error("boom", 0) end end end))
for i in iter(1, "goto") do goto out end
::out::
print("end")
