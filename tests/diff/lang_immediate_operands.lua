-- Operations with immediate and constant operands (ADDI, ADDK, SHRI, EQI, LTI, EQK ...).
local i, f, s = 7, 2.5, "10"
print(i + 1, i - 1, i + -128, i + 127, i * 3, i // 2, i % 3, i / 2, i ^ 2)
print(f + 1, f - 1, f * 2, f // 1, f % 1, 1 - i, 200 - i, i - 200)
print(i << 1, i >> 1, 1 << i, 255 >> i, i & 3, i | 8, i ~ 1, -i >> 60)
print(s + 1, s * 2, 1 - s, s // 3)
print(i == 7, i == 7.0, i ~= 7, 7 == i, f == 2.5, i < 8, i <= 7, i > 6, i >= 8, 8 > i)
print(f < 3, f > 2, f >= 2.5, f <= 2.4, -1 < i, i < -1, i > -200, i == -7)
print(s == "10", s ~= "10", "10" == s, s == 10, i == "7")
local n = nil
print(n == nil, n ~= nil, n == false, false == n)
local mt = {
  __add = function(a, b) return "add(" .. type(a) .. "," .. type(b) .. ")" end,
  __sub = function(a, b) return "sub(" .. type(a) .. "," .. type(b) .. ")" end,
  __shr = function(a, b) return "shr(" .. type(a) .. "," .. type(b) .. ")" end,
  __shl = function(a, b) return "shl(" .. type(a) .. "," .. type(b) .. ")" end,
  __lt = function(a, b) return type(a) == "number" end,
  __le = function(a, b) return type(b) == "number" end,
}
local o = setmetatable({}, mt)
print(o + 1, 1 + o, o - 1, 1 - o, o + 2.5, 2.5 + o, o >> 1, 1 >> o, o << 1, 1 << o)
print(o < 1, 1 < o, o <= 1, 1 <= o, o > 1, 1 > o, o >= 1, 1 >= o)
print(pcall(function() return n + 1 end))
print(pcall(function() return n < 1 end))
print(pcall(function() return 1 < n end))
print(pcall(function() return n >> 1 end))
print(pcall(function() return f >> 1 end))
print(pcall(function() return n .. "k" end))
local big = 2^63
print(big == math.mininteger, -big == math.mininteger, big > math.maxinteger, 1e308 > 1)
