-- __newindex as a function receives (table, key, value); used for tracking.
local log = {}
local tracked = setmetatable({}, { __newindex = function(t, k, v)
  log[#log + 1] = tostring(k) .. "=" .. tostring(v)
  rawset(t, k, v)
end })
tracked.x = 1
tracked.y = 2
tracked.x = 3
tracked[1] = "one"
print(table.concat(log, " "), tracked.x)
local count = 0
local typed = setmetatable({}, { __newindex = function(t, k, v)
  if type(v) ~= "number" then error("number expected for " .. k, 2) end
  count = count + 1
  rawset(t, k, v)
end })
typed.n = 5
print(pcall(function() typed.s = "x" end))
print(typed.n, rawget(typed, "s"), count)
local t = setmetatable({}, { __newindex = function() end })
t.ignored = 1
print(t.ignored)
