-- Reading a pipe line by line releases the GIL only when the stdio buffer
-- runs dry, not for every line: otherwise each line would wait for the GIL
-- again while other threads run (the convoy effect).
-- The GIL at work: gilvm-ft runs this with its GIL turned on.
-- args: --gil=on
local p = io.popen("seq 20000")
local before = gil.stats().acquisitions
local n, sum = 0, 0
for l in p:lines() do
  n = n + 1
  sum = sum + tonumber(l)
end
local releases = gil.stats().acquisitions - before
p:close()
print(n, sum) -- expect: 20000	200010000
print(releases > 0, releases < 2000) -- expect: true	true
