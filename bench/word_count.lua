-- Hash traffic with string keys: count the words of a generated text, then
-- find the most frequent ones. Words come from a fixed-seed generator, so
-- every interpreter sees the same text.
-- Lua 5.4 only: bitwise operators (>>).
-- Usage: word_count.lua [SCALE]; SCALE multiplies the number of words counted.
local scale = tonumber(arg and arg[1]) or 1
local syllables = { "ka", "lo", "mi", "ne", "su", "ta", "ri", "po", "ve", "do", "zu", "xe" }
local seed = 12345
local function next_random(n)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return (seed >> 8) % n + 1
end

local words = {}
for i = 1, 5000 do
  local parts = {}
  for k = 1, next_random(3) + 1 do parts[k] = syllables[next_random(#syllables)] end
  words[i] = table.concat(parts)
end

local counts = {}
for _ = 1, math.max(1, math.floor(8000000 * scale + 0.5)) do
  -- Skewed choice: low indices are far more frequent, like real text.
  local word = words[next_random(next_random(#words))]
  counts[word] = (counts[word] or 0) + 1
end

local distinct, best_word, best_count = 0, "", 0
for word, n in pairs(counts) do
  distinct = distinct + 1
  if n > best_count or (n == best_count and word < best_word) then
    best_word, best_count = word, n
  end
end
print(distinct, best_word, best_count)
