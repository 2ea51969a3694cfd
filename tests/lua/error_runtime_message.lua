-- Runtime errors name the variable involved, with the script's name and line.
-- expect-error: error_runtime_message.lua:9: attempt to index a nil value (local 't')
-- expect-error: stack traceback
print(select(2, pcall(function() local t; return t.x end)))
-- expect: error_runtime_message.lua:4: attempt to index a nil value (local 't')
print(select(2, pcall(function() return undefined_global() end)))
-- expect: error_runtime_message.lua:6: attempt to call a nil value (global 'undefined_global')
local t
print(t.field)
