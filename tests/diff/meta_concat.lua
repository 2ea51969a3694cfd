-- __concat and how chains of .. call it (right-associative, pairwise).
local mt = {}
local function W(s) return setmetatable({ s = s }, mt) end
mt.__concat = function(a, b)
  local sa = type(a) == "table" and a.s or tostring(a)
  local sb = type(b) == "table" and b.s or tostring(b)
  return W("[" .. sa .. "+" .. sb .. "]")
end
print((W("a") .. "b").s, ("a" .. W("b")).s, (W("a") .. W("b")).s)
print(("x" .. "y" .. W("z")).s)
print((W("x") .. "y" .. "z").s)
print(("p" .. W("q") .. "r" .. "s").s)
print((1 .. W("n")).s, (W("n") .. 2.5).s)
local str_result = setmetatable({}, { __concat = function(a, b) return "plain" end })
print("a" .. str_result .. "b")
print(pcall(function() return {} .. "x" end))
print(pcall(function() return "x" .. setmetatable({}, {}) end))
