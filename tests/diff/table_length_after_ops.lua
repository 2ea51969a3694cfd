-- #t after inserts, removes and assignments of nil at the end and inside,
-- as stock Lua's border search reports them.
local t = {}
for i = 1, 16 do t[i] = i end
local out = {}
for _, i in ipairs({ 16, 15, 8, 1 }) do
  t[i] = nil
  out[#out + 1] = #t
end
print(table.concat(out, " "))
t = { 1, 2, 3, 4, 5, 6, 7, 8 }
t[#t + 1] = 9
t[#t + 2] = 11
print(#t)
table.insert(t, 12)
print(#t)
local u = {}
u[1], u[2], u[3] = 1, 2, 3
u[2] = nil
print(#u)
u[3] = nil
print(#u)
local v = { n = 0 }
for i = 1, 100 do v[i] = i end
for i = 100, 51, -1 do v[i] = nil end
print(#v)
v[75] = 75
print(#v)
