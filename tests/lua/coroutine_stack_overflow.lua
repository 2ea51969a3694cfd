-- Stack overflows inside a coroutine are Lua errors, not crashes: Lua
-- recursion runs out of the coroutine's value stack, native -> Lua nesting
-- out of its fiber's C stack.
local function recurse(n) return recurse(n + 1) + 1 end
local co = coroutine.create(function() return recurse(1) end)
local ok, err = coroutine.resume(co)
print(ok, err:match("stack overflow") ~= nil) -- expect: false	true

local function nest_pcall(n)
  local ok, e = pcall(nest_pcall, n + 1)
  if not ok then error(e, 0) end
end
print(pcall(coroutine.wrap(function() nest_pcall(1) end))) -- expect: false	C stack overflow

local function nest_sort(n)
  table.sort({ 2, 1 }, function(a, b) nest_sort(n + 1) return a < b end)
end
local ok2, err2 = pcall(coroutine.wrap(function() nest_sort(1) end))
print(ok2, err2:match("C stack overflow") ~= nil) -- expect: false	true

local mt = {}
mt.__index = function(t, k) return setmetatable({}, mt)[k] end
local ok3, err3 = pcall(coroutine.wrap(function() return setmetatable({}, mt).x end))
print(ok3, err3:match("stack overflow") ~= nil) -- expect: false	true

-- The coroutine's own handler sees the overflow too.
local handled = coroutine.wrap(function()
  return xpcall(recurse, function(m) return "handled: " .. tostring(m):match("stack overflow") end, 1)
end)
print(handled()) -- expect: false	handled: stack overflow

-- After all that, coroutines still work.
print(coroutine.wrap(function() return "fine" end)()) -- expect: fine
