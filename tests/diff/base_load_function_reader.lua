-- load() with a reader function that returns pieces, then nil or "".
local pieces = { "return ", "1", " + ", "41" }
local i = 0
local f = load(function() i = i + 1; return pieces[i] end)
print(f())
local j = 0
local g = load(function() j = j + 1; if j == 1 then return "return 'a'" end return "" end)
print(g())
local chars = "local s = 0 for k = 1, 10 do s = s + k end return s"
local pos = 0
print(load(function() pos = pos + 1; if pos <= #chars then return chars:sub(pos, pos) end end)())
print(type(load(function() return nil end)), load(function() return nil end)())
-- (only the first line: stock lua's message handler may append a traceback here)
local function first_line(f, msg) return f, (msg:match("^[^\n]*")) end
print(first_line(load(function() error("reader failed") end)))
print(first_line(load(function() return {} end)))
