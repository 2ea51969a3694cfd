-- Conway's Game of Life on a small torus: a glider and a blinker.
local W, H = 12, 10
local function new_grid() local g = {} for y = 1, H do g[y] = {} for x = 1, W do g[y][x] = 0 end end return g end
local g = new_grid()
for _, p in ipairs({ { 2, 1 }, { 3, 2 }, { 1, 3 }, { 2, 3 }, { 3, 3 }, { 9, 7 }, { 10, 7 }, { 11, 7 } }) do g[p[2]][p[1]] = 1 end
local function step(g)
  local n = new_grid()
  for y = 1, H do
    for x = 1, W do
      local c = 0
      for dy = -1, 1 do for dx = -1, 1 do
        if dx ~= 0 or dy ~= 0 then c = c + g[(y + dy - 1) % H + 1][(x + dx - 1) % W + 1] end
      end end
      n[y][x] = (c == 3 or (c == 2 and g[y][x] == 1)) and 1 or 0
    end
  end
  return n
end
local function show(g, gen)
  print("generation " .. gen)
  for y = 1, H do print((table.concat(g[y]):gsub("0", "."):gsub("1", "#"))) end
end
show(g, 0)
for i = 1, 8 do g = step(g) end
show(g, 8)
local pop = 0
for i = 1, 40 do g = step(g) end
for y = 1, H do for x = 1, W do pop = pop + g[y][x] end end
print("population after 48", pop)
