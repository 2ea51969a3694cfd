-- An unfinished block is reported at end of file.
-- expect-error: error_syntax_unclosed.lua:7: 'end' expected (to close 'function' at line 4) near <eof>
print("never printed")
local function f()
  if true then
  end
