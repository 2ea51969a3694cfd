-- The collector must handle very deep object graphs (no recursion limit in marking).
local head = nil
for i = 1, 1000000 do head = { next = head, value = i } end
collectgarbage()
local n, node = 0, head
while node do n = n + 1; node = node.next end
print(n) -- expect: 1000000
-- A deep chain of metatables and of closures capturing the previous closure.
local m = {}
for i = 1, 100000 do m = setmetatable({}, { __index = m, depth = i }) end
local f = function() return 0 end
for i = 1, 100000 do local prev = f; f = function() return prev end end
collectgarbage()
print(getmetatable(m).depth, type(f())) -- expect: 100000	function
head, m, f = nil, nil, nil
collectgarbage()
print(collectgarbage("count") < 50 * 1024) -- expect: true
