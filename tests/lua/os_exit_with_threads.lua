-- os.exit ends the process at once, even while other threads still run
-- (a program that ends normally waits for them); buffered output is kept.
-- expect-exit: 7
thread.spawn(function() while true do end end)
thread.spawn(function() thread.sleep(60) end)
thread.sleep(0.05)
io.write("written before exit\n") -- expect: written before exit
os.exit(7)
