-- A line hook that reads and changes the hooked function's locals.
local trace = {}
local function watch(event, line)
  local name, value = debug.getlocal(2, 1)
  if name == "n" then
    trace[#trace + 1] = line .. ":" .. tostring(value)
    if value == 3 then debug.setlocal(2, 1, 10) end
  end
end
local function loop()
  local n = 0
  while n < 5 do
    n = n + 1
  end
  return n
end
debug.sethook(watch, "l")
local result = loop()
debug.sethook()
print(result)
print(table.concat(trace, " "))

-- an error inside a hook propagates to the protected call
local ok, err = pcall(function()
  debug.sethook(function(e, line)
    debug.sethook()
    error("hook failed at " .. line)
  end, "l")
  local q = 1
end)
print(ok, err, debug.gethook())
