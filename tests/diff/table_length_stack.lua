-- A table used as a stack with t[#t + 1] = v and t[#t] = nil, with holes made
-- on the way: the length after every step is the border Lua 5.4 finds.
local state = 2024
local function random(n)
  state = (state * 1103515245 + 12345) % 2147483648
  return state % n + 1
end

local lengths = {}
for round = 1, 300 do
  local n = random(20)
  local t = {}
  local build = random(3)
  if build == 1 then
    for i = 1, n do if random(4) > 1 then t[i] = i end end
  elseif build == 2 then
    local source = {}
    for i = 1, n do if random(4) > 1 then source[i] = i end end
    t = {table.unpack(source, 1, n)}
  else
    for i = n, 1, -1 do if random(3) > 1 then t[i] = i end end
  end
  lengths[1] = #t
  for step = 1, 12 do
    local op, k = random(5), random(n + 2)
    if op == 1 then
      t[k] = nil
    elseif op == 2 then
      t[k] = k
    elseif op == 3 then
      t[#t + 1] = true
    elseif op == 4 then
      t[#t] = nil
    else
      local _ = t[k]  -- reading a key moves Lua's search start too
    end
    lengths[step + 1] = #t
  end
  print(round, table.concat(lengths, " "))
end
