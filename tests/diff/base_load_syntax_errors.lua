-- load's syntax error messages are Lua's own.
local cases = {
  "x = ", "local 1", "return return", "for i = 1 do end", "x = }", "f(",
  "if x then", "x = 'unfinished", "x = [[long", "goto nowhere",
  "local x <foo> = 1", "local x <const> = 1; x = 2", "break", "::a:: ::a::",
  "x = 0x", "x = 1e", "return ...  ", "function f() return ... end",
  "x = '\\q'", "x = '\\300'", "x = '\\u{110000000}'", "a.b:c = 1",
}
for _, src in ipairs(cases) do
  local f, err = load(src, "=src")
  print(type(f), err)
end
print(type(load("return 1", "@file.lua")))
print(select("#", load("syntax error here")))
