-- TCP over loopback (loop.listen / loop.connect), pipes (loop.pipe), and the
-- stream methods; every error case gives a clear message.
loop.run(function()
  local server = loop.listen("127.0.0.1", 0, function(s)
    while true do
      local line = s:readline()
      if not line then break end
      s:write(line:upper(), "\n")
    end
    s:close()
  end)
  local port = server:port()
  print(math.type(port), port > 0) -- expect: integer	true

  local c = loop.connect("127.0.0.1", port)
  print(tostring(c):match("^stream %(127%.0%.0%.1:%d+%)$") ~= nil) -- expect: true
  c:write("hello\n")
  print(c:readline()) -- expect: HELLO
  c:write("a\nb\n"):write("c\n")
  print(c:readline(), c:readline(), c:readline()) -- expect: A	B	C
  -- many clients at once, each its own handler task
  local clients = {}
  for i = 1, 20 do
    clients[i] = loop.spawn(function()
      local conn = loop.connect("127.0.0.1", port)
      conn:write("client " .. i .. "\n")
      local reply = conn:readline()
      conn:close()
      return reply
    end)
  end
  local ok = 0
  for i = 1, 20 do
    if await(clients[i]) == "CLIENT " .. i then ok = ok + 1 end
  end
  print(ok) -- expect: 20
  c:close()
  print(tostring(c):match("closed") ~= nil) -- expect: true
  print(pcall(c.write, c, "x")) -- expect: false	write to a closed stream
  print(pcall(c.readline, c)) -- expect: false	readline: the stream is closed

  -- the port is in use while the server listens
  local ok2, err = pcall(loop.listen, "127.0.0.1", port, print)
  print(ok2, err:match("cannot listen on 127%.0%.0%.1:%d+: Address already in use") ~= nil) -- expect: false	true
  server:close()
  -- nobody listens any more
  local ok3, err3 = pcall(loop.connect, "127.0.0.1", port)
  print(ok3, err3:match("cannot connect to 127%.0%.0%.1:%d+: Connection refused") ~= nil) -- expect: false	true
  print(pcall(loop.connect, "127.0.0.1", 70000)) -- expect: false	bad argument #2 to 'loop.connect' (port must be between 0 and 65535)

  -- read(n), read() to the end, a last line without a newline
  local r, w = loop.pipe()
  loop.spawn(function()
    w:write("first\nsecond\npartial")
    w:close()
  end)
  print(r:read(3)) -- expect: fir
  print(r:readline()) -- expect: st
  print(r:read()) -- expect: second
  -- expect: partial
  print(r:read(1), r:readline()) -- expect: nil	nil
  print(pcall(r.write, r, "x")) -- expect: false	write: pipe (read end) is not writable
  print(pcall(function() return r:read(0) end)) -- expect: false	loop_streams.lua:63: bad argument #1 to 'read' (byte count must be positive)

  -- back-pressure: a writer far ahead of its reader waits, and nothing is lost
  local r2, w2 = loop.pipe()
  local total = 0
  local reader = loop.spawn(function()
    while true do
      local chunk = r2:read(4096)
      if not chunk then return total end
      total = total + #chunk
      loop.sleep(0)
    end
  end)
  local block = string.rep("x", 100000)
  for _ = 1, 20 do w2:write(block) end
  w2:close()
  print(await(reader)) -- expect: 2000000

  -- a peer that went away
  local r3, w3 = loop.pipe()
  r3:close()
  local ok4, err4 = pcall(w3.write, w3, string.rep("y", 200000))
  print(ok4, err4:match("connection closed by the peer") ~= nil) -- expect: false	true
end)

-- Streams belong to their loop.
local saved
loop.run(function()
  local r, w = loop.pipe()
  saved = r
end)
print(pcall(saved.read, saved)) -- expect: false	read: the stream belongs to another loop (or its loop has ended)
print(pcall(loop.pipe)) -- expect: false	loop.pipe: no loop is running on this thread (start one with loop.run)
