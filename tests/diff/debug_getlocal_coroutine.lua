-- getlocal / setlocal on a suspended coroutine through the thread argument.
local co = coroutine.create(function(a, b, ...)
  local x = a * 10
  local y = coroutine.yield(x)
  print("resumed", x, y, a)
  return x
end)
print(coroutine.resume(co, 3, 4, "va"))
-- level 0 is coroutine.yield itself, level 1 the body
print(debug.getinfo(co, 0, "S").what, debug.getinfo(co, 1, "S").what)
print(debug.getinfo(co, 1, "l").currentline)
for i = 1, 3 do print(i, debug.getlocal(co, 1, i)) end
print("vararg", debug.getlocal(co, 1, -1))
print(debug.setlocal(co, 1, 3, 99))
print(debug.getlocal(co, 1, 3))
print(debug.getinfo(co, 2))
print(pcall(debug.getlocal, co, 2, 1))
print(coroutine.resume(co, "y!"))
print(debug.getinfo(co, 0))
-- a coroutine that has not started has no levels
local fresh = coroutine.create(function() end)
print(debug.getinfo(fresh, 0), pcall(debug.getlocal, fresh, 0, 1))
-- from inside, the running coroutine is like the main thread
coroutine.wrap(function(p)
  local q = p + 1
  print(debug.getlocal(1, 1), debug.getlocal(1, 2))
  print(debug.getlocal(coroutine.running(), 1, 2))
end)(5)
