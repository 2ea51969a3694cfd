-- Weak keys are ephemerons: a value that refers to its own key does not
-- keep the key alive.
local function count(t) local n = 0 for _ in pairs(t) do n = n + 1 end return n end
local e = setmetatable({}, {__mode = "k"})
do
  local a = {}
  e[a] = {a}                         -- the value holds its key
  local b = {}
  e[b] = function() return b end     -- through an upvalue
  local c = {}
  e[c] = setmetatable({}, {__index = c})  -- through a metatable
end
collectgarbage()
print(count(e))
-- but a key that is reachable keeps its value, and what that reaches
local k = {}
do
  local inner = {}
  e[k] = {inner = inner}
  e[inner] = "reached through a live key's value"
end
collectgarbage()
print(count(e), e[e[k].inner])
