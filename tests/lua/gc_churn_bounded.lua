-- Ten million short-lived tables: the collector keeps the heap bounded.
for i = 1, 1e7 do local t = { i } end
local kb = collectgarbage("count")
if kb < 100 * 1024 then print("bounded") else print("heap grew to " .. kb .. " KB") end -- expect: bounded
