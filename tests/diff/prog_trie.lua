-- A trie: insert, lookup, prefix listing in sorted order.
local Trie = {}
Trie.__index = Trie
function Trie.new() return setmetatable({ root = {} }, Trie) end
function Trie:insert(word)
  local node = self.root
  for c in word:gmatch(".") do node[c] = node[c] or {}; node = node[c] end
  node.final = true
end
function Trie:contains(word)
  local node = self.root
  for c in word:gmatch(".") do node = node[c]; if not node then return false end end
  return node.final == true
end
function Trie:with_prefix(prefix)
  local node = self.root
  for c in prefix:gmatch(".") do node = node[c]; if not node then return {} end end
  local out = {}
  local function walk(n, acc)
    if n.final then out[#out + 1] = acc end
    local keys = {}
    for k in pairs(n) do if k ~= "final" then keys[#keys + 1] = k end end
    table.sort(keys)
    for _, k in ipairs(keys) do walk(n[k], acc .. k) end
  end
  walk(node, prefix)
  return out
end
local t = Trie.new()
for w in ("tea ten ted to inn in inner team tee"):gmatch("%a+") do t:insert(w) end
print(t:contains("tea"), t:contains("te"), t:contains("inner"), t:contains("x"))
print(table.concat(t:with_prefix("te"), " "))
print(table.concat(t:with_prefix("in"), " "))
print(#t:with_prefix("z"), #t:with_prefix(""))
