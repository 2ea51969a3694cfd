-- Adjusting results: assignments, returns, table constructors, arguments.
local function mr(...) return ... end
local a, b, c = mr(1, 2)
print(a, b, c)
a, b = mr(1, 2, 3)
print(a, b)
a, b, c = 0, mr(5, 6)
print(a, b, c)
a, b, c = mr(5, 6), 0
print(a, b, c)
local function ret_call() return mr(1, 2, 3) end
print(ret_call())
local function ret_paren() return (mr(1, 2, 3)) end
print(ret_paren())
local function ret_many()
  return 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20
end
print(select("#", ret_many()), (select(20, ret_many())))
local t = {}
t.x, t.y = mr("X", "Y", "Z")
print(t.x, t.y)
local i = 1
local arr = {}
i, arr[i] = i + 1, "first"
print(i, arr[1], arr[2])
local s1, s2 = "a", "b"
s1, s2 = s2, s1
print(s1, s2)
