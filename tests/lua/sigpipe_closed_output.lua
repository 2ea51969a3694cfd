-- A script that writes for ever into a pipe whose reader has gone ends by
-- SIGPIPE, silently, as lua5.4 does: `gilvm script.lua | head -1` ends
-- (status 141 from the shell). A hang would fail the test by the driver's
-- time-out. The status of the pipeline's writer comes from bash's PIPESTATUS.
local gilvm = arg[-1]
local function writer_status(code, redirect)
  local script = os.tmpname()
  local f = assert(io.open(script, "w"))
  f:write(code)
  f:close()
  local p = io.popen("bash -c '" .. gilvm .. " " .. script .. " " .. redirect
    .. " >/dev/null; echo ${PIPESTATUS[0]}'")
  local out = p:read("l")
  p:close()
  os.remove(script)
  return out
end
print(writer_status("while true do print('y') end", "| head -1")) -- expect: 141
print(writer_status("while true do io.write('y') end", "| head -c 1")) -- expect: 141
print(writer_status("while true do io.stdout:write('y\\n') io.stdout:flush() end", "| head -1"))
-- expect: 141
print(writer_status("while true do io.stderr:write('y') end", "2>&1 >/dev/null | head -c 1"))
-- expect: 141
-- The same in a thread and in a coroutine: the whole process ends.
print(writer_status("thread.spawn(function() while true do print('y') end end):join()",
  "| head -1")) -- expect: 141
print(writer_status("coroutine.wrap(function() while true do io.write('y') end end)()",
  "| head -c 1")) -- expect: 141

-- A write to any other closed pipe is an error the script sees: nil, the
-- message and errno, as Lua's file:write returns them.
local p = io.popen("true", "w")
local ok, message, code
for _ = 1, 1000 do
  ok, message, code = p:write(string.rep("x", 65536))
  if not ok then break end
end
print(ok, message, code) -- expect: nil	Broken pipe	32
print(p:close()) -- expect: true	exit	0
