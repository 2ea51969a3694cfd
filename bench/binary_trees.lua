-- Allocation and garbage collection: build and walk many short-lived binary
-- trees and one long-lived one (the Benchmarks Game's binary-trees).
-- Lua 5.4 only: integer division (//).
-- Usage: binary_trees.lua [SCALE]; SCALE multiplies the depth of the trees by log2(SCALE).
local scale = tonumber(arg and arg[1]) or 1
local function bottom_up_tree(depth)
  if depth > 0 then
    depth = depth - 1
    return { bottom_up_tree(depth), bottom_up_tree(depth) }
  end
  return {}
end

local function item_check(tree)
  if tree[1] then return 1 + item_check(tree[1]) + item_check(tree[2]) end
  return 1
end

local min_depth = 4
local max_depth = math.max(min_depth + 2, 15 + math.floor(math.log(scale) / math.log(2) + 0.5))
local stretch = max_depth + 1
print("stretch tree of depth " .. stretch .. "\t check: " .. item_check(bottom_up_tree(stretch)))

local long_lived = bottom_up_tree(max_depth)
for depth = min_depth, max_depth, 2 do
  local iterations = 2 ^ (max_depth - depth + min_depth) // 1
  local check = 0
  for _ = 1, iterations do check = check + item_check(bottom_up_tree(depth)) end
  print(string.format("%d\t trees of depth %d\t check: %d", iterations, depth, check))
end
print("long lived tree of depth " .. max_depth .. "\t check: " .. item_check(long_lived))
