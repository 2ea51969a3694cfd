-- Huffman coding: build a tree with deterministic tie-breaking, encode and decode.
local text = "this is an example of a huffman tree built deterministically for testing"
local freq = {}
for c in text:gmatch(".") do freq[c] = (freq[c] or 0) + 1 end
local nodes, order = {}, 0
for c, f in pairs(freq) do nodes[#nodes + 1] = { f = f, c = c, key = c } end
local function less(a, b) if a.f ~= b.f then return a.f < b.f end return a.key < b.key end
while #nodes > 1 do
  table.sort(nodes, less)
  local a = table.remove(nodes, 1)
  local b = table.remove(nodes, 1)
  order = order + 1
  nodes[#nodes + 1] = { f = a.f + b.f, left = a, right = b, key = "~" .. string.format("%04d", order) }
end
local codes = {}
local function walk(n, prefix)
  if n.c then codes[n.c] = prefix == "" and "0" or prefix return end
  walk(n.left, prefix .. "0")
  walk(n.right, prefix .. "1")
end
walk(nodes[1], "")
local chars = {}
for c in pairs(codes) do chars[#chars + 1] = c end
table.sort(chars)
for _, c in ipairs(chars) do print(string.format("%q", c), freq[c], codes[c]) end
local bits = text:gsub(".", codes)
print(#text * 8, #bits)
local decoded, node = {}, nodes[1]
for b in bits:gmatch(".") do
  node = b == "0" and node.left or node.right
  if node.c then decoded[#decoded + 1] = node.c; node = nodes[1] end
end
print(table.concat(decoded) == text)
