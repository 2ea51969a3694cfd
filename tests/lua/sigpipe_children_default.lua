-- gilvm ignores SIGPIPE (a closed socket or pipe is an error to report),
-- but the commands it starts get the default disposition back: `yes` in a
-- pipeline dies of SIGPIPE (status 141) when head is done, instead of
-- failing with "Broken pipe" (status 1). bash's PIPESTATUS gives its status.
local command = "bash -c 'yes | head -1 >/dev/null; echo ${PIPESTATUS[0]}' 2>&1"
local function via_popen()
  local p = io.popen(command)
  local out = p:read("a")
  p:close()
  return out
end
io.write("popen ", via_popen()) -- expect: popen 141
io.stdout:flush()
os.execute("printf 'execute '; " .. command) -- expect: execute 141
local ex = executor.processes(1)
io.write("worker ", ex:submit(via_popen):result()) -- expect: worker 141
ex:shutdown()
