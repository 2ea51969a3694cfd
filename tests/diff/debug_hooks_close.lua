-- A return event comes after the returning function closes its to-be-closed
-- variables, and a hook sees the results it returns.
local ev = {}
local function f() local x <close> = setmetatable({}, {__close=function() ev[#ev+1]="close" end}); return 1 end
debug.sethook(function(e) local i = debug.getinfo(2,"n"); if i.name == "f" then ev[#ev+1]=e end end, "r")
f()
debug.sethook()
print(table.concat(ev, " "))
local seen = {}
local function g(...)
  local y <close> = setmetatable({}, {__close = function() seen[#seen + 1] = "closed" end})
  return ...
end
debug.sethook(function(e)
  local info = debug.getinfo(2, "nr")
  if info.name == "g" then
    local values = {}
    for k = info.ftransfer, info.ftransfer + info.ntransfer - 1 do
      values[#values + 1] = tostring(select(2, debug.getlocal(2, k)))
    end
    seen[#seen + 1] = e .. " " .. info.ntransfer .. " " .. table.concat(values, ",")
  end
end, "cr")
print(g(1, 2, 3))
debug.sethook()
print(table.concat(seen, " | "))
