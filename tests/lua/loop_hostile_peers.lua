-- Peers on loopback that misbehave: each ends as a clear error or the end of
-- the stream in the task that serves it, never a hang or a dead server.
loop.run(function()
  local outcomes = {}
  local server = loop.listen("127.0.0.1", 0, function(s)
    local request = s:readline()
    if request == "flood me" then
      -- the peer goes away without reading: a write fails, not SIGPIPE
      local ok, err = pcall(function()
        for _ = 1, 1000 do s:write(string.rep("x", 65536)) end
      end)
      outcomes[#outcomes + 1] = tostring(ok) .. " " .. tostring(err):match("connection closed by the peer")
    else
      -- a partial line, then the end of the stream
      outcomes[#outcomes + 1] = tostring(request) .. "|" .. tostring(s:readline())
    end
  end)
  local function settle(n)
    for _ = 1, 6000 do
      if #outcomes >= n then return end
      loop.sleep(0.01)
    end
  end

  local c = loop.connect("127.0.0.1", server:port())
  c:write("flood me\n")
  c:read(10)
  c:close()
  settle(1)
  print(outcomes[1]) -- expect: false connection closed by the peer

  c = loop.connect("127.0.0.1", server:port())
  c:write("half a li")
  c:close()
  settle(2)
  print(outcomes[2]) -- expect: half a li|nil

  -- a peer that connects and says nothing: the server serves others meanwhile
  local silent = loop.connect("127.0.0.1", server:port())
  c = loop.connect("127.0.0.1", server:port())
  c:write("hello\n")
  c:close()
  settle(3)
  print(outcomes[3]) -- expect: hello|nil
  silent:close()
  settle(4)
  print(outcomes[4]) -- expect: nil|nil

  -- many connections at once, the server closed with all of them open: each
  -- handler still ends when its peer does
  local clients = {}
  for i = 1, 200 do clients[i] = loop.connect("127.0.0.1", server:port()) end
  loop.sleep(0.01)
  server:close()
  for i = 1, 200 do clients[i]:write("bye ", i, "\n") clients[i]:close() end
  settle(204)
  print(#outcomes) -- expect: 204
  print(loop.stats().tasks) -- expect: 1
end)
