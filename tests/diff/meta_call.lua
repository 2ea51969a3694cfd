-- __call makes tables (and other values) callable; self comes first.
local Class = setmetatable({}, { __call = function(cls, a, b) return "called with", a, b, cls == Class end })
print(Class(1, 2))
local adder = setmetatable({ n = 10 }, { __call = function(self, x) return self.n + x end })
print(adder(5), pcall(adder, 1))
local memo = setmetatable({}, { __call = function(self, ...) return select("#", ...) end })
print(memo(), memo(nil, nil), memo(1, 2, 3))
local inner = setmetatable({}, { __call = function(_, x) return "inner " .. x end })
local outer = setmetatable({}, { __call = inner })
print(pcall(outer, "arg"))
print(pcall(function() local t = {}; return t() end))
print(pcall(function() local t = setmetatable({}, {}); return t() end))
local m = { obj = setmetatable({}, { __call = function(self, x) return x * 2 end }) }
print(m.obj(21), m["obj"](1))
print(string.gsub("abc", "%w", setmetatable({}, { __index = function(_, c) return c:upper() end })))
local sorted = { 3, 1, 2 }
table.sort(sorted, setmetatable({}, { __call = function(_, a, b) return a > b end }) and function(a, b) return a > b end)
print(table.concat(sorted, " "))
