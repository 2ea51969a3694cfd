-- tostring of every basic type, and numbers' canonical text.
print(tostring(nil), tostring(true), tostring(false), tostring(12), tostring(-1.25), tostring("s"))
print(type(tostring(print)), (tostring(print):gsub("0x%x+", "ADDR")))
print(tostring({}):match("^table: ") ~= nil, tostring(print):find("function") ~= nil)
print(tostring(2^31), tostring(2^31 | 0), tostring(1e100), tostring(-1e-100), tostring(123.0))
print(pcall(tostring))
local mt = { __tostring = function(self) return "P(" .. self.x .. ")" end }
local p = setmetatable({ x = 3 }, mt)
print(tostring(p), p)
mt.__tostring = function() return {} end
print(pcall(tostring, p))
mt.__tostring = nil
mt.__name = "Point"
print((tostring(p):gsub("0x%x+", "ADDR")))
mt.__name = 42
print((tostring(p):gsub("0x%x+", "ADDR")))
