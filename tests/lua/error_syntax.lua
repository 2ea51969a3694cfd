-- A syntax error is reported with the Lua compiler's message; nothing runs.
-- expect-error: error_syntax.lua:5: unexpected symbol near '='
-- expect-exit: 1
print("never printed")
local x = = 1
