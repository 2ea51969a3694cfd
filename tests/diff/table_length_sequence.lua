-- # on proper sequences (no holes) of many sizes and after growth/shrink.
for _, n in ipairs({ 0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 100, 1000, 1023, 1024, 1025 }) do
  local t = {}
  for i = 1, n do t[i] = true end
  local u = {}
  for i = 1, n do table.insert(u, i) end
  local c = {}
  for i = n, 1, -1 do c[i] = i end
  print(n, #t, #u, #c)
end
local t = { 1, 2, 3, 4, 5 }
t[#t] = nil; print(#t)
t[#t + 1] = 99; print(#t, t[5])
for i = #t, 1, -1 do t[i] = nil end
print(#t, next(t))
local s = { n = 3, "a", "b" }
print(#s, #"abc", #{ {}, {}, {} })
