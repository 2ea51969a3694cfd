-- thread.spawn runs a function on a new OS thread; join returns its results.
local h = thread.spawn(function(a, b) return a + b end, 1, 2)
print(h:join()) -- expect: 3

-- Several results, nils among them (also trailing ones), and none at all.
local many = thread.spawn(function(...) return ... end, "x", nil, 3, nil)
print(select("#", many:join()), many:join()) -- expect: 4	x	nil	3	nil
local none = thread.spawn(function() end)
print(select("#", none:join())) -- expect: 0
local only_nil = thread.spawn(function() return nil end)
print(select("#", only_nil:join()), only_nil:join()) -- expect: 1	nil

-- Arguments are passed as they are: tables by reference, functions, handles.
local shared = { n = 0 }
local t = thread.spawn(function(tbl, f, other)
  tbl.n = tbl.n + f(10)
  return other:join()
end, shared, function(x) return x * 2 end, h)
print(t:join(), shared.n) -- expect: 3	20

-- A native function can be a thread's function.
local s = thread.spawn(string.rep, "ab", 3)
print(s:join()) -- expect: ababab

-- Joining again gives the same results.
print(h:join(), h:join()) -- expect: 3	3

-- Fifty threads at once, each with its own result.
local handles = {}
for i = 1, 50 do handles[i] = thread.spawn(function(k) return k * k end, i) end
local sum = 0
for i = 1, 50 do sum = sum + handles[i]:join() end
print(sum) -- expect: 42925
