-- __pairs customises pairs(); next() and ipairs() ignore it.
local t = setmetatable({ real = 1 }, { __pairs = function(self)
  local keys = { "x", "y", "z" }
  local i = 0
  return function() i = i + 1; if keys[i] then return keys[i], i * 10 end end, self, nil
end })
for k, v in pairs(t) do print(k, v) end
print(next(t))
local extra = setmetatable({}, { __pairs = function(self) return next, { a = 1 }, nil, "ignored" end })
for k, v in pairs(extra) do print(k, v) end
local multi = setmetatable({}, { __pairs = function() return function(_, k) if not k then return 1, "a", "b" end end end })
for k, v1, v2 in pairs(multi) do print(k, v1, v2) end
print(pcall(pairs, setmetatable({}, { __pairs = function() error("pairs failed") end })))
