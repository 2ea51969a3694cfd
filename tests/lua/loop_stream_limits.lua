-- readline refuses a line longer than the stream's limit (64 KiB, or
-- {limit = n} given to loop.connect, loop.listen or loop.pipe), as asyncio's
-- StreamReader does, so a peer that never sends a newline cannot make the
-- reader buffer without end. What was read of the long line is dropped.
-- read(n) takes in one chunk at a time, whatever n is.
loop.run(function()
  local r, w = loop.pipe()
  local writer = loop.spawn(function()
    w:write(string.rep("x", 70000), "\nshort\n")
    w:write(string.rep("y", 10 * 1024 * 1024)) -- 10 MiB and no newline
    w:close()
  end)
  local ok, err = pcall(r.readline, r)
  print(ok, err) -- expect: false	readline: a line of pipe (read end) is longer than the limit of 65536 bytes (set with {limit = n})
  print(r:readline()) -- expect: short
  ok, err = pcall(r.readline, r)
  print(ok, err:match("longer than the limit") ~= nil) -- expect: false	true
  -- the rest of the long line, a chunk at a time
  local rest = 0
  while true do
    local chunk = r:read(1 << 50)
    if not chunk then break end
    assert(#chunk <= 1024 * 1024, #chunk)
    rest = rest + #chunk
  end
  print(rest > 0, rest < 10 * 1024 * 1024) -- expect: true	true
  await(writer)

  -- A limit of one's own.
  r, w = loop.pipe({ limit = 4 })
  w:write("four\nfive5\nok\n")
  print(r:readline()) -- expect: four
  print(pcall(r.readline, r)) -- expect: false	readline: a line of pipe (read end) is longer than the limit of 4 bytes (set with {limit = n})
  print(r:readline()) -- expect: ok
  r:close()
  w:close()

  local server = loop.listen("127.0.0.1", 0, function(s)
    local ok2, e = pcall(s.readline, s)
    s:write(ok2 and "line\n" or (e:match("limit of %d+ bytes") .. "\n"))
  end, { limit = 10 })
  local c = loop.connect("127.0.0.1", server:port(), { limit = 100000 })
  c:write(string.rep("z", 11), "\n")
  print(c:readline()) -- expect: limit of 10 bytes
  c:close()

  print(pcall(loop.pipe, { limit = 0 })) -- expect: false	bad argument #1 to 'loop.pipe' (limit must be a positive number of bytes)
  print(pcall(loop.pipe, { limt = 10 })) -- expect: false	bad argument #1 to 'loop.pipe' (unknown option (the only one is limit))
  print(pcall(loop.connect, "127.0.0.1", 1, 5)) -- expect: false	bad argument #3 to 'loop.connect' (table expected, got number)
end)
