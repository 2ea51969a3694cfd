-- Line hooks: the lines reported, in order, collected into a table.
local lines = {}
local function collect(event, line)
  lines[#lines + 1] = event .. ":" .. tostring(line)
end

local function work(n)
  local s = 0
  for i = 1, n do
    s = s + i
  end
  return s
end

debug.sethook(collect, "l")
local r = work(3)
local x = r + 1
if x > 3 then
  x = x * 2
else
  x = 0
end
debug.sethook()
print(table.concat(lines, " "))
print(r, x)

-- a vararg function and a loop with a jump back on one line
lines = {}
local function va(...)
  local n = select("#", ...)
  local t = 0 while t < 3 do t = t + 1 end
  return n, t
end
debug.sethook(collect, "l")
va(1, 2)
debug.sethook()
print(table.concat(lines, " "))

-- the hook sees the hooked function at level 2
local names = {}
debug.sethook(function(e, line)
  local info = debug.getinfo(2, "Sl")
  names[#names + 1] = info.short_src .. ":" .. info.currentline .. "=" .. line
end, "l")
work(1)
debug.sethook()
print(table.concat(names, " "))

-- hooks are off inside a hook
local depth = 0
debug.sethook(function()
  depth = depth + 1
  local a = 1
  local b = 2
end, "l")
local y = 1
local z = 2
debug.sethook()
print("hook calls", depth)
