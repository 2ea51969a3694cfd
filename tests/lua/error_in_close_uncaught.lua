-- An error raised by __close while unwinding replaces the original error.
-- expect-error: error from __close
-- expect: closing
do
  local r <close> = setmetatable({}, { __close = function() print("closing") error("error from __close", 0) end })
  error("original error", 0)
end
