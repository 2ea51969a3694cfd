-- Call and return hooks: events with the function names and kinds.
local events = {}
local function hook(event)
  local info = debug.getinfo(2, "nS")
  events[#events + 1] = event .. " " .. tostring(info.name) .. " " .. info.what
end
local function leaf(x) return x + 1 end
local function mid(x) return leaf(x) * 2 end
local function top(x)
  local v = mid(x)
  return math.abs(v)
end
local function tail(x) return top(x) end

debug.sethook(hook, "cr")
tail(1)
debug.sethook()
for _, e in ipairs(events) do print(e) end

events = {}
debug.sethook(hook, "c")
leaf(1)
debug.sethook()
print(table.concat(events, " | "))

events = {}
debug.sethook(hook, "r")
leaf(1)
debug.sethook()
print(table.concat(events, " | "))

-- ftransfer / ntransfer in call and return hooks
local transfers = {}
debug.sethook(function(event)
  local info = debug.getinfo(2, "nr")
  if info.name == "three" or info.name == "select" then
    transfers[#transfers + 1] = event .. " " .. info.name .. " " .. info.ftransfer .. " " .. info.ntransfer
  end
end, "cr")
local function three(a, b) return a, b, 3 end
three(1, 2)
select(2, "a", "b")
debug.sethook()
print(table.concat(transfers, " | "))

-- the hook function's own frame is named "hook"
local seen
debug.sethook(function()
  local info = debug.getinfo(1, "n")
  seen = tostring(info.name) .. " " .. info.namewhat
end, "c")
leaf(1)
debug.sethook()
print(seen)

-- metamethods and pcall
events = {}
local mt = {__index = function(t, k) return k end}
local obj = setmetatable({}, mt)
debug.sethook(hook, "c")
local _ = obj.key
pcall(leaf, 1)
debug.sethook()
for _, e in ipairs(events) do print(e) end
