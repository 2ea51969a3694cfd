-- os.exit inside a coroutine, two levels deep and under pcall, ends the
-- process with the status asked for and flushes what io.write left in
-- stdout's buffer. The coroutine runs on a fiber stack: exit() must not
-- free that stack under itself.
-- expect-exit: 9
io.write("buffered before the coroutine\n") -- expect: buffered before the coroutine
local inner = coroutine.wrap(function()
  io.write("buffered in the coroutine\n") -- expect: buffered in the coroutine
  pcall(os.exit, 9)
end)
coroutine.wrap(function() inner() end)()
print("not reached")
