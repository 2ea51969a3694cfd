-- A connection accepted by loop.listen belongs to its handler's task: when
-- the handler returns, fails or is cancelled, the stream is closed, so the
-- client sees the end of the stream rather than waiting for ever. What the
-- handler wrote is sent first when it returns.
loop.run(function()
  local big = string.rep("0123456789abcdef", 65536) -- 1 MiB, more than the kernel takes at once
  local server = loop.listen("127.0.0.1", 0, function(s)
    local request = s:readline()
    if request == "return" then
      s:write("bye\n")
    elseif request == "fail" then
      s:write("oops\n")
      error("handler failed")
    elseif request == "big" then
      s:write(big)
    elseif request == "hand over" then
      -- another task serves the stream; the handler waits for it
      await(loop.spawn(function()
        loop.sleep(0.01)
        s:write("from the helper\n")
      end))
    end
  end)
  local function ask(request)
    local c = loop.connect("127.0.0.1", server:port())
    c:write(request, "\n")
    local all = loop.wait_for(function() return c:read() end, 30)
    c:close()
    return (all:gsub("\n$", ""))
  end
  print(ask("return")) -- expect: bye
  print(ask("fail")) -- expect: oops
  print(ask("big") == big:gsub("\n$", "")) -- expect: true
  print(ask("hand over")) -- expect: from the helper
  print(ask("nothing") == "") -- expect: true

  -- The server closed, a conversation in progress goes on.
  local chat = loop.listen("127.0.0.1", 0, function(s)
    while true do
      local line = s:readline()
      if not line then return end
      s:write(line:upper(), "\n")
    end
  end)
  local c = loop.connect("127.0.0.1", chat:port())
  c:write("one\n")
  print(c:readline()) -- expect: ONE
  chat:close()
  c:write("two\n")
  print(c:readline()) -- expect: TWO
  c:close()
  print((pcall(loop.connect, "127.0.0.1", chat:port()))) -- expect: false
end)
-- expect-stderr: failed and nobody awaited it: loop_listen_handler_end.lua:13: handler failed
