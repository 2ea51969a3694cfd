-- load reuses one compiler state per thread: a syntax error, a chunk that
-- is too big for the compiler, a huge chunk, binary chunks and mode/env
-- arguments in any order must leave it compiling the next chunk correctly.
local function show(...) print(select("#", ...), ...) end

for i = 1, 3 do show(load("x = ", "=broken" .. i)) end
show(load("return 6 * 7", "=ok")())
show(load("return 'unfinished", "=s")) -- error in the lexer
show(load("local t = {", "=s2")) -- error at end of input
show(load("goto nowhere", "=g")) -- error after parsing
show(load("return ...", "=va")(1, 2, 3))

-- More than 200 locals: the compiler stops half way through a function.
local many = {}
for i = 1, 300 do many[#many + 1] = "local v" .. i .. " = " .. i end
show(load(table.concat(many, "\n"), "=many"))
show(load("local a, b = 1, 2 return a + b", "=after_many")())

-- A huge chunk: thousands of distinct strings and constants.
local parts = { "local t = {}" }
for i = 1, 20000 do parts[#parts + 1] = ("t[%d] = 'string number %d' .. %d.5"):format(i, i, i) end
parts[#parts + 1] = "return #t, t[20000]"
show(load(table.concat(parts, "\n"), "=huge")())
show(load("return 'small after huge'", "=small")())

-- Binary chunks, and mode and env arguments between text loads.
local bin = string.dump(load("local x = ... return x and x * 2 or 'none'", "=bin"))
show(load(bin, "=b", "b")(21))
show(load(bin, "=b", "t"))
show(load("return 1", "=t", "b"))
show(load("return y", "=env", "t", { y = "from env" })())
show(load("return y", "=noenv", "bt")())
show(load(bin, "=b2", "bt")())

-- Many distinct small chunks: each compiles to its own function.
local sum = 0
for i = 1, 2000 do
  local f = load("local a = " .. i .. " return a * 2, '" .. ("k"):rep(i % 7) .. "'", "=c" .. i)
  local v, s = f()
  sum = sum + v + #s
end
print(sum)

-- load inside a chunk being run by a loaded function, and a reader function.
show(load("return load('return 5 + 5')()", "=nested")())
local pieces, n = { "return ", "'re", "ader'" }, 0
show(load(function() n = n + 1 return pieces[n] end, "=reader")())
-- A reader that fails half way, then a plain load.
local calls = 0
local f, err = load(function() calls = calls + 1 if calls == 2 then error("reader broke") end return "return 1" end)
print(f, err:match("[^\n]*")) -- only the message: stock Lua adds a traceback
show(load("return 'still fine'")())
