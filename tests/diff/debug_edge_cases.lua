-- Edge cases: events around pcall and for loops, getinfo and traceback
-- inside a hook, a hook set inside a function, count and line together,
-- locals of for loops, the thread argument naming the running thread.
local function show(s) print((s:gsub("\t", "  "))) end
-- hook with pcall inside hooked code, errors, and coroutine.wrap
local ev = {}
debug.sethook(function(e, l) ev[#ev+1] = e .. (l and (":" .. l) or "") end, "crl")
local ok = pcall(error, "x")
local t = {}
for i = 1, 2 do t[i] = i end
debug.sethook()
print(table.concat(ev, " "))
-- getinfo on a hook's frame
debug.sethook(function(e)
  local i = debug.getinfo(1, "nSl")
  print("hookinfo", i.name, i.namewhat, i.what)
  show(debug.traceback("in hook"))
  debug.sethook()
end, "l")
local z = 1
-- sethook inside a function then returning
local function setter() debug.sethook(function(e, l) print("line", l) end, "l") end
setter()
local a = 1
local b = 2
debug.sethook()
-- count hook with line
local c = 0
debug.sethook(function(e) if e == "count" then c = c + 1 end end, "l", 2)
for i = 1, 10 do end
debug.sethook()
print("count>0", c > 0)
-- getlocal in a for loop
for i = 10, 11 do
  local n = 1
  local names = {}
  while true do
    local name = debug.getlocal(1, n)
    if not name then break end
    names[#names+1] = name
    n = n + 1
  end
  print(table.concat(names, ","))
end
for k, v in pairs({x=1}) do
  local names = {}
  local n = 1
  while debug.getlocal(1, n) do names[#names+1] = (debug.getlocal(1, n)); n = n + 1 end
  print(table.concat(names, ","))
end
print(debug.getinfo(1, "t").istailcall, debug.getinfo(print).what)
show(debug.traceback(coroutine.running(), "main thread arg"))
show(debug.traceback(coroutine.running(), "main thread arg lvl", 1))
local co = coroutine.wrap(function() show(debug.traceback(coroutine.running(), "inside co")) end)
co()
