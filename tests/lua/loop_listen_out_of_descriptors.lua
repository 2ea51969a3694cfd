-- A server that runs out of descriptors (accept fails with EMFILE) says so
-- once and tries again, as asyncio's does, instead of dying: once its
-- handlers close their connections, it serves the clients that waited.
-- The server is another gilvm, run with a low limit on open files.
local lowest = 0
while arg[lowest - 1] do lowest = lowest - 1 end
local gilvm = arg[lowest]
local script, errors = os.tmpname(), os.tmpname()
local f = io.open(script, "w")
f:write([[
loop.run(function()
  local served, server = 0, nil
  server = loop.listen("127.0.0.1", 0, function(s)
    s:write(s:readline():upper(), "\n")
    served = served + 1
    if served == 40 then server:close() end
  end)
  print(server:port())
  while served < 40 do loop.sleep(0.01) end
end)
]])
f:close()
local child = io.popen("ulimit -n 16 && exec " .. gilvm .. " " .. script .. " 2>" .. errors)
local port = math.tointeger(child:read("n"))

loop.run(function()
  local clients = {}
  for i = 1, 40 do
    clients[i] = loop.spawn(function()
      local c = loop.connect("127.0.0.1", port)
      c:write("client ", i, "\n")
      local reply = c:readline()
      c:close()
      return reply
    end)
  end
  local ok = 0
  for i = 1, 40 do
    if loop.wait_for(clients[i], 60) == "CLIENT " .. i then ok = ok + 1 end
  end
  print("served", ok) -- expect: served	40
end)
print(child:close()) -- expect: true	exit	0
local report = io.open(errors):read("a")
print(select(2, report:gsub("cannot accept a connection %(Too many open files%); trying again", "")) >= 1) -- expect: true
os.remove(script)
os.remove(errors)
