-- Inline caches with keys that are not interned short strings: long string
-- constants (equal strings need not be one object) and SELF with a key in a
-- register, and integer-like keys that must not be confused with fields.
local long = "a_rather_long_field_name_that_is_longer_than_forty_characters"
local t = {}
t[long] = 1
t.a_rather_long_field_name_that_is_longer_than_forty_characters = 2
print(t[long], t.a_rather_long_field_name_that_is_longer_than_forty_characters)
local built = string.rep("a", 1) .. "_rather_long_field_name_that_is_longer_than_forty_characters"
t[built] = 3
local function g(x) return x.a_rather_long_field_name_that_is_longer_than_forty_characters end
local out = {}
for i = 1, 5 do
  out[#out + 1] = g(t)
  t[string.rep("a", 1) .. "_rather_long_field_name_that_is_longer_than_forty_characters"] = i * 10
end
print(table.concat(out, ","))

local C = {}
C.__index = C
C.a_rather_long_method_name_which_is_also_longer_than_forty_chars = function(self) return self.n end
local o = setmetatable({n = 9}, C)
local r = {}
for i = 1, 4 do
  r[#r + 1] = o:a_rather_long_method_name_which_is_also_longer_than_forty_chars()
  o.n = o.n + 1
end
print(table.concat(r, ","))

-- Keys "1" and 1 are different fields.
local m = {["1"] = "str", [1] = "int"}
local function one(x) return x["1"] end
print(one(m), m[1])
