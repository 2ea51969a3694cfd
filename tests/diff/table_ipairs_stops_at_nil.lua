-- ipairs iterates 1..n until the first nil, respecting __index.
local t = { 1, 2, nil, 4 }
for i, v in ipairs(t) do print(i, v) end
for i, v in ipairs({}) do print("never", i, v) end
local proxy = setmetatable({}, { __index = function(_, i) if i <= 3 then return i * 100 end end })
for i, v in ipairs(proxy) do print("proxy", i, v) end
local s = { "a", "b", "c" }
for i, v in ipairs(s) do if i == 1 then s[3] = nil end print(i, v) end
print(pcall(ipairs))
print(pcall(function() for k in ipairs(nil) do end end))
local f, st, init = ipairs({ 9 })
print(type(f), init, f(st, 0), f(st, 1))
for i, v in ipairs("abc") do print(i, v) end
print("done")
