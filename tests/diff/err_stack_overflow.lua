-- Unbounded recursion ends in a catchable "stack overflow" error; the VM works afterwards.
local function f() return 1 + f() end
print(select(2, pcall(f)):find("stack overflow") ~= nil)
print(pcall(function() return "still works after overflow" end))
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(20))
