-- Errors raised inside metamethods propagate with their own positions.
local mt = {
  __add = function() error("add failed") end,
  __index = function(_, k) error("no key " .. k, 2) end,
  __newindex = function() local x = nil; return x.y end,
  __call = function() error({ code = 1 }) end,
  __tostring = function() error("tostring failed", 0) end,
  __eq = function() error("eq failed", 0) end,
  __lt = function() return nil + 1 end,
  __len = function() error() end,
  __concat = function() error(setmetatable({}, { __tostring = function() return "custom" end })) end,
}
local o = setmetatable({}, mt)
local o2 = setmetatable({}, mt)
print(pcall(function() return o + 1 end))
print(pcall(function() return o.missing end))
print(pcall(function() o.k = 1 end))
local ok, e = pcall(o)
print(ok, type(e), e.code)
print(pcall(tostring, o))
print(pcall(function() return o == o2 end))
print(pcall(function() return o < o2 end))
print(pcall(function() return #o end))
ok, e = pcall(function() return o .. "x" end)
print(ok, tostring(e))
