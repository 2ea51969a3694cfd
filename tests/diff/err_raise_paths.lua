-- error() and assert() under pcall reach the protected call without a C++
-- throw when only Lua frames lie between; everything else (metamethods,
-- natives such as sort and gsub, message handlers, __close, coroutines)
-- must still unwind exactly as before. Each case prints what Lua prints.
local function show(...) print(select("#", ...), ...) end

-- Error objects of every type, levels, and error called directly by pcall.
show(pcall(error))
show(pcall(error, nil))
show(pcall(error, "direct"))
show(pcall(error, "direct level 2", 2))
show(pcall(error, 42))
show(pcall(error, false))
local t = { code = 7 }
print(select(2, pcall(error, t)) == t)
local function f() end
print(select(2, pcall(error, f)) == f)
local function level1() error("at level 1") end
local function level2() error("at level 2", 2) end
local function calls_level2() level2() end
local function level0() error("no position", 0) end
show(pcall(level1))
show(pcall(calls_level2))
show(pcall(level0))
show(pcall(function() return error("from a tail call") end))
show(pcall(function() error(setmetatable({}, { __tostring = function() return "custom" end })) end))

-- assert: a message of any type, the default message, all results on success.
show(pcall(assert, false))
show(pcall(assert, nil, "assert message"))
print(select(2, pcall(function() assert(1 == 2, { field = "x" }) end)).field)
show(pcall(assert, 1, 2, 3))

-- Many errors in a row, some deep in recursion: nothing leaks between them
-- (depths, handlers, the stack), so the deep call at the end still works.
local caught = 0
for i = 1, 3000 do
  local ok = pcall(function() if i % 2 == 0 then error("even") else error({}) end end)
  if not ok then caught = caught + 1 end
end
print("caught", caught)
local function recurse(n) if n == 0 then error("bottom " .. n) end return recurse(n - 1) + 1 end
for _ = 1, 50 do pcall(recurse, 150) end
show(pcall(recurse, 150))
local function deep(n) if n == 0 then return 0 end return deep(n - 1) + 1 end
print(deep(150))
for i = 1, 250 do pcall(pcall, error, i) end
show(pcall(pcall, error, "nested"))

-- Open upvalues of unwound frames are closed with their last values.
local closures = {}
local function make(n)
  local x = n
  closures[#closures + 1] = function() return x end
  x = x * 10
  error("after capture")
end
for n = 1, 3 do pcall(make, n) end
print(closures[1](), closures[2](), closures[3]())

-- To-be-closed variables of unwound frames are closed, innermost first, with
-- the error; an error in __close replaces the error and closing goes on.
local function closer(name)
  return setmetatable({}, { __close = function(_, err) print("close", name, err) end })
end
local function with_tbc()
  local a <close> = closer("a")
  local b <close> = closer("b")
  error("tbc error")
end
show(pcall(with_tbc))
local function bad_close()
  local a <close> = closer("outer")
  local b <close> = setmetatable({}, { __close = function(_, err) error("close failed: " .. tostring(err), 0) end })
  error("original", 0)
end
show(pcall(bad_close))
local function tbc_then_direct()
  local a <close> = closer("direct")
  return pcall(error, "inside", 0)
end
show(tbc_then_direct())

-- Nested protected calls: inner ones catch, outer ones see later errors.
show(pcall(function()
  local ok, err = pcall(error, "inner", 0)
  print("inner caught", ok, err)
  local ok2, err2 = pcall(function() pcall(error, "innermost") error("middle", 0) end)
  print("middle caught", ok2, err2)
  error("outer", 0)
end))

-- Message handlers run at the raise point, before any frame is closed.
local function handler(m)
  print("handler runs")
  return "handled: " .. tostring(m)
end
show(xpcall(function() local c <close> = closer("after handler") error("in xpcall") end, handler))
show(xpcall(function() assert(false, "assert in xpcall") end, handler))
show(xpcall(error, handler, "xpcall direct", 0))
show(xpcall(function() error({}) end, function(m) return type(m) end))
show(xpcall(function() error(nil) end, function(m) return "got " .. tostring(m) end))
-- A handler that errors, one that catches its own error, one that recurses.
show(xpcall(function() error("first", 0) end, function(m) error("handler failed", 0) end))
show(xpcall(function() error("first", 0) end, function(m)
  local ok, e = pcall(error, "caught in handler", 0)
  return m .. " / " .. e
end))
show(xpcall(function() error("first", 0) end, function(m) return select(2, xpcall(error, function(m2) return "inner " .. m2 end, m, 0)) end))
show(pcall(xpcall, function() error("through", 0) end, function(m) return m .. "!" end))

-- Errors through metamethods, Lua and native ones.
local meta = setmetatable({}, {
  __index = function(_, k) error("no field " .. k) end,
  __add = function() error("cannot add", 0) end,
  __lt = function() error(1.5) end,
  __call = function(_, x) assert(x, "call needs x") end,
  __len = error,
})
show(pcall(function() return meta.missing end))
show(pcall(function() return meta + 1 end))
show(pcall(function() return meta < meta end))
show(pcall(meta))
show(pcall(function() return #meta end))
show(pcall(function() return setmetatable({}, { __concat = error }) .. "x" end))
show(pcall(function() return setmetatable({}, { __newindex = function() error("read only", 2) end }).x end))
show(pcall(function() setmetatable({}, { __newindex = function() error("read only", 2) end }).x = 1 end))

-- Runtime errors (raised by the VM itself) beside error().
show(pcall(function() local x return x.y end))
show(pcall(function() return 1 + {} end))
show(pcall(function() return ("x"):bad() end))

-- Natives between the raise and the pcall: sort, gsub, load's reader, tostring.
show(pcall(table.sort, { 3, 1, 2 }, function(a, b) error("in comparator", 0) end))
show(pcall(table.sort, { 3, 1, 2 }, error))
show(pcall(string.gsub, "abc", "%w", function(c) if c == "b" then error("in gsub " .. c, 0) end end))
show(pcall(string.gsub, "abc", "%w", error))
show(pcall(tostring, setmetatable({}, { __tostring = function() error("in __tostring", 0) end })))
show(pcall(load, function() error("in reader", 0) end))
local sorted = { 5, 4, 3, 2, 1 }
table.sort(sorted, function(a, b) local ok = pcall(error, "inside comparator") return a < b end)
print(table.concat(sorted, " "))

-- Coroutines: errors inside them, pcall inside them, across yields.
local co = coroutine.create(function(x)
  local ok, err = pcall(error, "in coroutine", 0)
  x = coroutine.yield(ok, err)
  local ok2, err2 = pcall(function() coroutine.yield("yield in pcall") error("after yield", 0) end)
  coroutine.yield(ok2, err2)
  error({ final = x })
end)
show(coroutine.resume(co, 1))
show(coroutine.resume(co, 2))
show(coroutine.resume(co))
local ok, err = coroutine.resume(co)
print(ok, type(err), err.final)
show(coroutine.resume(co))
show(pcall(coroutine.wrap(function() error("in wrap", 0) end)))
show(pcall(coroutine.wrap(function() pcall(error, "caught in wrap") error("escapes wrap") end)))
show(coroutine.resume(coroutine.create(function() return pcall(coroutine.wrap(function() error(true) end)) end)))
show(pcall(coroutine.wrap(function() local c <close> = closer("in wrap") error("closing in wrap", 0) end)))
print("done")
