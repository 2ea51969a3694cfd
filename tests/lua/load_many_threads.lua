-- Four threads compile at once, each with its own compiler state, mixing
-- good chunks, syntax errors and a large chunk; every chunk must compile to
-- its own code and every error must name its own chunk. Under the tsan
-- preset this is the check that no compiler state is shared.
local function worker(id)
  local sum, errors = 0, 0
  for i = 1, 300 do
    if i % 10 == 0 then
      local f, err = load("return " .. id .. " +", "=t" .. id .. "_" .. i)
      if f == nil and err:find("^t" .. id .. "_" .. i .. ":1:") then errors = errors + 1 end
    elseif i % 97 == 0 then
      local parts = {}
      for j = 1, 2000 do parts[j] = "local _ = 's" .. id .. "_" .. j .. "'" .. (j % 150 == 0 and " end do" or "") end
      local f = assert(load("do " .. table.concat(parts, "\n") .. " end return " .. id))
      sum = sum + f()
    else
      sum = sum + load("return " .. id .. " * " .. i, "=t" .. id)()
    end
  end
  return sum, errors
end

local handles = {}
for id = 1, 4 do handles[id] = thread.spawn(worker, id) end
for id = 1, 4 do
  local sum, errors = handles[id]:join()
  local expected = 0
  for i = 1, 300 do
    if i % 10 == 0 then
    elseif i % 97 == 0 then
      expected = expected + id
    else
      expected = expected + id * i
    end
  end
  print(id, sum == expected, errors)
end
-- expect: 1	true	30
-- expect: 2	true	30
-- expect: 3	true	30
-- expect: 4	true	30
