-- Lua 5.4 manual 2.5.4: an object being finalized is removed from weak
-- values before its finalizer runs, but from weak keys only at the next
-- collection after it ran.
local function count(t) local n = 0 for _ in pairs(t) do n = n + 1 end return n end
local wk = setmetatable({}, {__mode = "k"})
local wv = setmetatable({}, {__mode = "v"})
do
  local o = setmetatable({}, {__gc = function(o)
    print("in finalizer: weak key present", wk[o] ~= nil)
    print("in finalizer: weak value present", wv[1] ~= nil)
  end})
  wk[o] = "k"
  wv[1] = o
end
collectgarbage()
print("after first", count(wk), count(wv))
collectgarbage()
print("after second", count(wk), count(wv))
