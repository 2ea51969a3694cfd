-- Six threads race on one file handle, closing it, reading, writing,
-- seeking and iterating its lines, in every order: each use either works or
-- fails with Lua's "closed file" error; none crashes or reads a freed
-- stream (the handle's mutex, io.cpp). Both builds.
local name = os.tmpname()
do local f = io.open(name, "w") for i = 1, 1000 do f:write(i, "\n") end f:close() end
local errors, oks = 0, 0
for round = 1, 100 do
  local f = io.open(name, round % 2 == 0 and "r" or "a+")
  local go = sync.event()
  local function use(kind)
    go:wait()
    for i = 1, 20 do
      local ok, err = pcall(function()
        if kind == 1 then return f:close()
        elseif kind == 2 then return f:read("l")
        elseif kind == 3 then return f:write("x")
        elseif kind == 4 then return f:seek("set", 0)
        elseif kind == 5 then for l in f:lines() do end
        else return io.type(f) end
      end)
      if ok then oks = oks + 1 else errors = errors + 1 assert(tostring(err):find("closed"), err) end
    end
  end
  local hs = {}
  for k = 1, 6 do hs[k] = thread.spawn(use, (k + round) % 6 + 1) end
  go:set()
  for k = 1, 6 do hs[k]:join() end
  pcall(f.close, f)
end
os.remove(name)
print("done", oks > 0, errors > 0) -- expect: done	true	true
