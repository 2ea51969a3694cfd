-- Several sorting algorithms checked against table.sort on the same random data.
math.randomseed(2024)
local function copy(t) local r = {} for i = 1, #t do r[i] = t[i] end return r end
local function insertion(t)
  for i = 2, #t do
    local v, j = t[i], i - 1
    while j >= 1 and t[j] > v do t[j + 1] = t[j]; j = j - 1 end
    t[j + 1] = v
  end
  return t
end
local function merge_sort(t)
  if #t <= 1 then return t end
  local mid = #t // 2
  local l, r = {}, {}
  for i = 1, mid do l[#l + 1] = t[i] end
  for i = mid + 1, #t do r[#r + 1] = t[i] end
  l, r = merge_sort(l), merge_sort(r)
  local out, i, j = {}, 1, 1
  while i <= #l and j <= #r do
    if l[i] <= r[j] then out[#out + 1] = l[i]; i = i + 1 else out[#out + 1] = r[j]; j = j + 1 end
  end
  for k = i, #l do out[#out + 1] = l[k] end
  for k = j, #r do out[#out + 1] = r[k] end
  return out
end
local function quick(t, lo, hi)
  lo, hi = lo or 1, hi or #t
  if lo < hi then
    local p, i = t[hi], lo - 1
    for j = lo, hi - 1 do if t[j] <= p then i = i + 1; t[i], t[j] = t[j], t[i] end end
    t[i + 1], t[hi] = t[hi], t[i + 1]
    quick(t, lo, i)
    quick(t, i + 2, hi)
  end
  return t
end
local function heap_sort(t)
  local n = #t
  local function sift(i, size)
    while true do
      local l, r, m = 2 * i, 2 * i + 1, i
      if l <= size and t[l] > t[m] then m = l end
      if r <= size and t[r] > t[m] then m = r end
      if m == i then return end
      t[i], t[m] = t[m], t[i]
      i = m
    end
  end
  for i = n // 2, 1, -1 do sift(i, n) end
  for k = n, 2, -1 do t[1], t[k] = t[k], t[1]; sift(1, k - 1) end
  return t
end
local function counting(t)
  local counts, out = {}, {}
  for _, v in ipairs(t) do counts[v] = (counts[v] or 0) + 1 end
  for v = 0, 999 do for _ = 1, counts[v] or 0 do out[#out + 1] = v end end
  return out
end
local data = {}
for i = 1, 2000 do data[i] = math.random(0, 999) end
local ref = copy(data)
table.sort(ref)
local function same(a) for i = 1, #ref do if a[i] ~= ref[i] then return false end end return #a == #ref end
print("insertion", same(insertion(copy(data))))
print("merge", same(merge_sort(copy(data))))
print("quick", same(quick(copy(data))))
print("heap", same(heap_sort(copy(data))))
print("counting", same(counting(copy(data))))
print(ref[1], ref[1000], ref[2000], data[1], data[2000])
