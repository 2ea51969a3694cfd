-- Relational operators produce booleans; mixed-type equality is false, not an error.
print(1 == "1", "1" == 1, nil == false, {} == {}, print == print, 0 == false)
print(1 < 2, 2 <= 2, 3 > 2, 2 >= 3, "a" ~= "b", 1 ~= 1.0)
local a = {}
local b = a
print(a == b, a ~= {}, a == nil)
print(type(1 < 2), type(nil == nil))
local x = 5
print(x > 1 and x < 10, x < 1 or x > 4, not (x == 5))
print(math.huge == math.huge, -math.huge < math.mininteger, 0.0 == -0.0)
