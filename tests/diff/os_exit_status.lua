-- os.exit(n) ends the process with status n, flushing what io.write left
-- in stdout's buffer; the rest of the script never runs.
io.write("buffered, not yet flushed")
local function deep(n)
  if n == 0 then os.exit(3) end
  deep(n - 1)
end
deep(10)
print("not reached")
