-- Output printed before an uncaught error is flushed and kept, in order.
-- expect-error: output_before_error.lua:8: attempt to perform arithmetic on a nil value (global 'missing')
for i = 1, 3 do print("line " .. i) end
-- expect: line 1
-- expect: line 2
-- expect: line 3
print("last line") -- expect: last line
local x = missing + 1
