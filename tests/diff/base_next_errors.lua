-- next: empty tables, the end of iteration, a key that is not there.
print(next({}))
print(next({}, nil))
print(next({ 10 }))
print(next({ 10 }, 1))
local t = { a = 1 }
print(next(t, "a"))
print(pcall(next, t, "missing"))
print(pcall(next, {}, 1))
print(pcall(next))
print(pcall(next, 1))
local n = 0
for k, v in next, { 1, 2, 3 } do n = n + v end
print(n)
