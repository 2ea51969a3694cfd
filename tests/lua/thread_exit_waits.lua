-- Like Python, the program waits for the threads still running when the
-- main chunk ends.
local q = sync.queue()
for i = 1, 3 do
  thread.spawn(function()
    thread.sleep(0.05 * i)
    q:put(i)
    if i == 3 then
      print("last thread: " .. q:get() + q:get() + q:get())
    end
  end)
end
print("main done") -- expect: main done
-- expect: last thread: 6
