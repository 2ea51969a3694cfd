-- Memoization with closures and tables keyed by arguments.
local function memoize(f)
  local cache, hits, misses = {}, 0, 0
  return function(n)
    local v = cache[n]
    if v ~= nil then hits = hits + 1 return v end
    misses = misses + 1
    v = f(n)
    cache[n] = v
    return v
  end, function() return hits, misses end
end
local fib, stats
fib, stats = memoize(function(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end)
print(fib(80), stats())
print(fib(90), stats())
local function memo2(f)
  local cache = {}
  return function(a, b)
    local key = a .. "," .. b
    if cache[key] == nil then cache[key] = f(a, b) end
    return cache[key]
  end
end
local paths
paths = memo2(function(r, c) if r == 0 or c == 0 then return 1 end return paths(r - 1, c) + paths(r, c - 1) end)
print(paths(16, 16), paths(10, 5))
local lcs_cache = {}
local function lcs(a, b, i, j)
  i, j = i or 1, j or 1
  if i > #a or j > #b then return "" end
  local key = i * 1000 + j
  if lcs_cache[key] then return lcs_cache[key] end
  local r
  if a:sub(i, i) == b:sub(j, j) then r = a:sub(i, i) .. lcs(a, b, i + 1, j + 1)
  else
    local x, y = lcs(a, b, i + 1, j), lcs(a, b, i, j + 1)
    r = #x >= #y and x or y
  end
  lcs_cache[key] = r
  return r
end
print(lcs("AGGTABQWERTY", "GXTXAYBWRT"))
local coins_cache = {}
local function ways(amount, coins, idx)
  if amount == 0 then return 1 end
  if amount < 0 or idx > #coins then return 0 end
  local key = amount .. ":" .. idx
  if coins_cache[key] then return coins_cache[key] end
  local r = ways(amount - coins[idx], coins, idx) + ways(amount, coins, idx + 1)
  coins_cache[key] = r
  return r
end
print(ways(500, { 1, 2, 5, 10, 20, 50, 100, 200 }, 1))
