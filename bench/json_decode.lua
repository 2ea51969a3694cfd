-- A recursive-descent JSON parser (lib/json.lua) over real-looking
-- documents: customer records of a web shop (lib/documents.lua), encoded
-- once, then parsed again and again. It stands for reading a web API's
-- responses or a configuration file.
-- VM paths: Lua-to-Lua calls and recursion, string.find with patterns and
-- an init position, string.byte/string.sub, tonumber, building tables
-- with string keys and arrays.
-- Usage: json_decode.lua [SCALE]; SCALE multiplies the number of rounds.
local dir = arg and arg[0] and arg[0]:match("^(.*)[/\\]") or "."
package.path = dir .. "/lib/?.lua;" .. package.path
local json = require("json")
local documents = require("documents")
local scale = tonumber(arg and arg[1]) or 1

local texts = {}
for i = 1, 300 do texts[i] = json.encode(documents.customer(i)) end

-- What a decoded value holds, whatever the order of its keys: how many
-- values of each kind, the total length of the strings, the numbers in cents.
local function summarize(value, totals)
  local kind = type(value)
  totals[kind] = (totals[kind] or 0) + 1
  if kind == "string" then
    totals.chars = totals.chars + #value
  elseif kind == "number" then
    totals.cents = totals.cents + math.floor(value * 100 + 0.5)
  elseif kind == "table" then
    for _, item in pairs(value) do summarize(item, totals) end
  end
end

local rounds = math.max(1, math.floor(40 * scale + 0.5))
local totals = { chars = 0, cents = 0 }
for round = 1, rounds do
  for i = 1, #texts do
    local customer = json.decode(texts[i])
    if customer.id ~= i then error("decoded the wrong customer") end
    if round == 1 then summarize(customer, totals) end
  end
end
print(string.format("rounds %d tables %d strings %d chars %d numbers %d cents %d booleans %d",
  rounds, totals.table, totals.string, totals.chars, totals.number, totals.cents, totals.boolean))
