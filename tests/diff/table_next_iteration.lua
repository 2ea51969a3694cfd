-- next: iterate, assign to existing fields during traversal, clear fields.
local t = { a = 1, b = 2, c = 3, d = 4, 10, 20, 30 }
local seen = {}
local k, v = next(t)
while k ~= nil do seen[#seen + 1] = tostring(k) .. "=" .. tostring(v); k, v = next(t, k) end
table.sort(seen)
print(table.concat(seen, " "))
for key in pairs(t) do t[key] = nil end
print(next(t))
local u = { x = 1, y = 2, z = 3 }
for key, val in pairs(u) do u[key] = val * 10 end
print(u.x, u.y, u.z)
print(next({}), next({ 7 }), next({ 7 }, 1))
print(pcall(next, {}, "nokey"))
print(pcall(next))
print(pcall(next, 1))
local arr = {}
for i = 1, 5 do arr[i] = i end
local cnt = 0
for key in next, arr do cnt = cnt + key end
print(cnt)
