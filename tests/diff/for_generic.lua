-- Generic for with stateless iterators, closures and custom state.
local function range(n)
  return function(state, i) if i < state then return i + 1 end end, n, 0
end
local r = {}
for i in range(5) do r[#r + 1] = i end
print(table.concat(r, " "))
local function chars(s)
  local i = 0
  return function() i = i + 1; if i <= #s then return i, s:sub(i, i) end end
end
for i, c in chars("abc") do print(i, c) end
local function fib_iter(limit)
  return function(st)
    local a, b = st.a, st.b
    if a > limit then return nil end
    st.a, st.b = b, a + b
    return a
  end, { a = 0, b = 1 }
end
local fibs = {}
for v in fib_iter(100) do fibs[#fibs + 1] = v end
print(table.concat(fibs, " "))
for a, b, c, d in function(_, x) if x < 3 then return x + 1, "b", "c", "d" end end, nil, 0 do print(a, b, c, d) end
local function pairs_by_keys(t)
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = k end
  table.sort(ks)
  local i = 0
  return function() i = i + 1; return ks[i], t[ks[i]] end
end
for k, v in pairs_by_keys({ b = 2, c = 3, a = 1 }) do print(k, v) end
for _ in function() return nil end do print("never") end
local n = 0
for k, v in next, { 1, 2, 3 } do n = n + v end
print(n)
