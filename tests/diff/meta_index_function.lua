-- __index as a function receives (table, key); results are truncated to one.
local calls = {}
local t = setmetatable({ present = "here" }, { __index = function(tbl, k)
  calls[#calls + 1] = tostring(k)
  return k, "extra"
end })
print(t.present, t.absent, t[1], t[true], t[2.5])
print(table.concat(calls, ","))
local squares = setmetatable({}, { __index = function(self, n) local v = n * n; rawset(self, n, v); return v end })
print(squares[4], squares[12], rawget(squares, 4), rawget(squares, 5))
local errs = setmetatable({}, { __index = function(_, k) error("no field " .. k) end })
print(pcall(function() return errs.x end))
local selfcheck
selfcheck = setmetatable({}, { __index = function(tbl) return tbl == selfcheck end })
print(selfcheck.anything)
