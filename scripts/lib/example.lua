-- example.lua — what the example scripts share: the machine's load (each
-- prints it beside its figures, since a busy machine moves them) and quoting
-- a path for the shell (the scripts that run themselves as child processes).
--
-- A script finds this file through its own path:
--   local here = arg and arg[0] and arg[0]:match("^(.*)/") or "."
--   package.path = here .. "/lib/?.lua;" .. package.path
--   local example = require("example")

local example = {}

-- The one-minute load average from /proc/loadavg, as "1.23", or "unknown"
-- where there is no /proc.
function example.load_average()
  local f = io.open("/proc/loadavg")
  if not f then return "unknown" end
  local one_minute = f:read("n")
  f:close()
  return string.format("%.2f", one_minute)
end

-- s in single quotes for /bin/sh, each ' inside written as '\''.
function example.shell_quote(s)
  return "'" .. s:gsub("'", "'\\''") .. "'"
end

return example
