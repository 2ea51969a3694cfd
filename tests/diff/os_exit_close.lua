-- os.exit(status, true) closes the state first: pending to-be-closed
-- variables are closed, innermost first, even when one of them fails.
local outer <close> = setmetatable({}, {__close = function() print("outer closed") end})
do
  local failing <close> = setmetatable({}, {__close = function() error("close failed") end})
  local inner <close> = setmetatable({}, {__close = function(_, err) print("inner closed", err) end})
  io.write("exiting ")
  os.exit(true, true)
end
print("not reached")
