-- Float loops: any float among init/limit/step makes the control variable a float.
for x = 0, 1, 0.25 do print(x, math.type(x)) end
for x = 1.0, 3 do print(x, math.type(x)) end
for x = 1, 2, 0.5 do print(x) end
for x = 3, 1, -0.5 do print(x) end
local n = 0
for x = 0.1, 1.0, 0.1 do n = n + 1 end
print("0.1 steps", n)
for x = 1, 0, 0.5 do print("never") end
for x = 0.5, 0.5 do print("once", x) end
local last
for x = 1e15, 1e15 + 4, 1 do last = x end
print(last, math.type(last))
