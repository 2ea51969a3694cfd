-- Float arithmetic over arrays: the spectral norm of an infinite matrix,
-- by power iteration (the Benchmarks Game's spectral-norm).
-- Usage: spectral_norm.lua [SCALE]; SCALE multiplies the work (N grows as its square root).
local scale = tonumber(arg and arg[1]) or 1
local function A(i, j)
  local ij = i + j - 1
  return 1.0 / (ij * (ij - 1) * 0.5 + i)
end

local function Av(x, y, N)
  for i = 1, N do
    local a = 0
    for j = 1, N do a = a + x[j] * A(i, j) end
    y[i] = a
  end
end

local function Atv(x, y, N)
  for i = 1, N do
    local a = 0
    for j = 1, N do a = a + x[j] * A(j, i) end
    y[i] = a
  end
end

local function AtAv(x, y, t, N)
  Av(x, t, N)
  Atv(t, y, N)
end

local N = math.max(10, math.floor(700 * math.sqrt(scale) + 0.5))
local u, v, t = {}, {}, {}
for i = 1, N do u[i] = 1 end
for _ = 1, 10 do
  AtAv(u, v, t, N)
  AtAv(v, u, t, N)
end
local vBv, vv = 0, 0
for i = 1, N do
  local ui, vi = u[i], v[i]
  vBv, vv = vBv + ui * vi, vv + vi * vi
end
print(string.format("%0.9f", math.sqrt(vBv / vv)))
