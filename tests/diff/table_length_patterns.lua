-- #t on common hole patterns, as stock Lua's border search finds them.
local function show(label, t) print(label, #t) end
show("trailing nils", { 10, 20, nil, 40, nil })
show("nil in middle", { 1, nil, 3 })
show("leading nil", { nil, 2, 3 })
show("all nil", { nil, nil, nil })
show("last nil", { 1, 2, 3, nil })
local t = {}
for i = 1, 10 do t[i] = i end
t[5] = nil
show("hole at 5 of 10", t)
t[10] = nil
show("and 10 removed", t)
local h = {}
h[1], h[2], h[4] = 1, 2, 4
show("hash part 1 2 4", h)
local g = { n = 1 }
for i = 1, 20 do g[i] = i end
for i = 1, 20, 3 do g[i] = nil end
show("every third removed", g)
local s = {}
for i = 1, 64 do s[i] = true end
for i = 33, 64 do s[i] = nil end
show("half cleared", s)
s[100] = true
show("far key added", s)
local u = { 1, 2, 3 }
u[5] = 5
show("gap then key", u)
table.remove(u)
show("after remove", u)
