-- Permutations of a small array, two ways: recursive swapping in place
-- (visiting each permutation), and the next permutation in lexicographic
-- order; plus a pancake-flip count per permutation (as in fannkuch). It
-- stands for combinatorial code over small arrays.
-- VM paths: recursion, swaps through multiple assignment, array reads and
-- writes in tight loops, a callback (closure) call per permutation.
-- Usage: permutations.lua [SCALE]; SCALE multiplies the number of rounds.
local scale = tonumber(arg and arg[1]) or 1

-- Calls visit(a) for every ordering of a[1..n] (Heap-style recursion by swaps).
local function each_permutation(a, n, visit)
  if n <= 1 then
    visit(a)
    return
  end
  for i = 1, n do
    each_permutation(a, n - 1, visit)
    local j = (n % 2 == 0) and i or 1
    a[j], a[n] = a[n], a[j]
  end
end

-- Rearranges a into the next larger ordering; false after the largest.
local function next_permutation(a, n)
  local i = n - 1
  while i >= 1 and a[i] >= a[i + 1] do i = i - 1 end
  if i < 1 then return false end
  local j = n
  while a[j] <= a[i] do j = j - 1 end
  a[i], a[j] = a[j], a[i]
  local lo, hi = i + 1, n
  while lo < hi do
    a[lo], a[hi] = a[hi], a[lo]
    lo, hi = lo + 1, hi - 1
  end
  return true
end

-- How many prefix reversals until 1 comes first (fannkuch's flips).
local function flips(a, n, scratch)
  for i = 1, n do scratch[i] = a[i] end
  local count = 0
  local first = scratch[1]
  while first ~= 1 do
    local lo, hi = 1, first
    while lo < hi do
      scratch[lo], scratch[hi] = scratch[hi], scratch[lo]
      lo, hi = lo + 1, hi - 1
    end
    count = count + 1
    first = scratch[1]
  end
  return count
end

local N = 8
local rounds = math.max(1, math.floor(40 * scale + 0.5))
local visited, flip_total, max_flips, lexical = 0, 0, 0, 0
for _ = 1, rounds do
  local a, scratch = {}, {}
  for i = 1, N do a[i] = i end
  each_permutation(a, N, function(p)
    visited = visited + 1
    local f = flips(p, N, scratch)
    flip_total = flip_total + f
    if f > max_flips then max_flips = f end
  end)
  for i = 1, N do a[i] = i end
  repeat
    lexical = (lexical + a[1] * a[N]) % 1000003
  until not next_permutation(a, N)
end
print(string.format("rounds %d visited %d flips %d max %d lexical %d", rounds, visited, flip_total, max_flips, lexical))
