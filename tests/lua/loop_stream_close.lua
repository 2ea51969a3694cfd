-- Closing a stream wakes the tasks waiting on it, which raise rather than
-- wait for ever; one task at a time may read a stream, as in asyncio; a
-- stream or server of a loop that runs on another thread cannot be closed
-- from here (its descriptor is that loop's to manage).
loop.run(function()
  local r, w = loop.pipe()
  local reader = loop.spawn(function() return pcall(r.readline, r) end)
  loop.sleep(0)
  r:close()
  print(loop.wait_for(reader, 10)) -- expect: false	read from pipe (read end): the stream was closed

  -- A writer blocked on a full pipe that nobody reads. close() first sends
  -- what is buffered, so it waits too; given up (a timeout cancels it), it
  -- closes the stream at once, and the writer finds it closed.
  r, w = loop.pipe()
  local writer = loop.spawn(function() return pcall(w.write, w, string.rep("x", 1 << 20)) end)
  loop.sleep(0.01)
  print(pcall(loop.wait_for, function() w:close() end, 0.01)) -- expect: false	timeout
  print(loop.wait_for(writer, 10)) -- expect: false	write to pipe (write end): the stream was closed
  print(tostring(w)) -- expect: stream (pipe (write end), closed)
  r:close()

  -- two readers
  r, w = loop.pipe()
  local first = loop.spawn(function() return r:readline() end)
  local second = loop.spawn(function() return pcall(r.readline, r) end)
  loop.sleep(0)
  w:write("one\n")
  print(await(first)) -- expect: one
  print(await(second)) -- expect: false	readline: another task is already reading from pipe (read end)
  w:write("two\n")
  print(r:readline()) -- expect: two

  -- a stream cancelled in the middle of a read can be read again
  local t = loop.spawn(function() return r:readline() end)
  loop.sleep(0)
  t:cancel()
  print(pcall(await, t)) -- expect: false	cancelled
  w:write("three\n")
  print(r:readline()) -- expect: three

  -- a server closed while its accept task waits
  local server = loop.listen("127.0.0.1", 0, function() end)
  loop.sleep(0)
  server:close()
  server:close()
  print(loop.stats().descriptors) -- expect: 0

  -- another thread's loop cannot close ours
  local ready, done = sync.queue(), sync.event()
  local th = thread.spawn(function()
    local s = ready:get()
    local ok, err = pcall(s.close, s)
    done:set()
    return ok, err
  end)
  ready:put(r)
  while not done:is_set() do loop.sleep(0.001) end
  print(th:join()) -- expect: false	close: it belongs to a loop on another thread
  print(tostring(r):match("closed") == nil) -- expect: true
  r:close()
  w:close()
end)
