-- Closing a connection whose peer is still echoing data back (here: blocked
-- writing, since nobody reads the replies) must not kill the program: the
-- peer's write fails (EPIPE) and it stops; no SIGPIPE reaches the process.
-- A thread sends far more than the socket buffers hold and blocks; the close
-- makes its send fail ("the echo connection is closed"). (Five times: the peer is not always caught writing.)
local big = string.rep("x", 8 * 1024 * 1024)
local all_ok = true
for _ = 1, 5 do
  local d = work.echo()
  local sender = thread.spawn(function(data)
    local ok, err = pcall(d.send, d, data)
    return ok or err
  end, big)
  thread.sleep(0.1)
  d:close()
  local result = sender:join()
  if result ~= true and not result:match("^send failed") and not result:match("connection is closed$") then
    print(result)
    all_ok = false
  end
end
print(all_ok) -- expect: true
print("survived") -- expect: survived
