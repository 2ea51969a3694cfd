-- create / resume / yield / status / running / isyieldable, values both ways.
local co = coroutine.create(function(a, b)
  print("start", a, b, coroutine.isyieldable())
  local c, d = coroutine.yield(a + b)
  print("got", c, d)
  local e = coroutine.yield(c * d)
  print("got", e)
  return "done", e
end)
print(type(co), coroutine.status(co))
print(coroutine.resume(co, 1, 2))
print(coroutine.status(co))
print(coroutine.resume(co, 3, 4))
print(coroutine.resume(co, "x"))
print(coroutine.status(co))
print(coroutine.resume(co))
print(coroutine.isyieldable())
local main, ismain = coroutine.running()
print(type(main), ismain, coroutine.status(main))
-- running inside a coroutine
local inner = coroutine.create(function()
  local me, im = coroutine.running()
  print(type(me), im, coroutine.status(me))
  return me
end)
local ok, me = coroutine.resume(inner)
print(ok, me == inner, coroutine.status(inner))
-- nil and many values survive the switch
local echo = coroutine.create(function(...)
  local args = table.pack(...)
  while true do args = table.pack(coroutine.yield(table.unpack(args, 1, args.n))) end
end)
print(select("#", coroutine.resume(echo, nil, nil, 3, nil)))
print(coroutine.resume(echo))
print(select("#", coroutine.resume(echo, nil)))
local many = {}
for i = 1, 200 do many[i] = i end
local r = table.pack(coroutine.resume(echo, table.unpack(many)))
print(r.n, r[1], r[2], r[201])
-- a C function as the body
local cprint = coroutine.create(print)
print(coroutine.resume(cprint, "from print", 1))
print(coroutine.status(cprint))
-- status "normal" seen from inside
local outer
outer = coroutine.create(function()
  local sub = coroutine.create(function() return coroutine.status(outer) end)
  return coroutine.resume(sub)
end)
print(coroutine.resume(outer))
