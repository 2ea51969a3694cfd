-- A JSON encoder (lib/json.lua) over real-looking documents: customer
-- records of a web shop with nested objects, arrays of orders and strings
-- that need escaping (lib/documents.lua). It stands for serialising data
-- for a web API or a log.
-- VM paths: type() dispatch and recursion over tables, pairs() and
-- ipairs-style loops, string.gsub with a function replacement,
-- string.format, appends to a buffer table and one table.concat per document.
-- Usage: json_encode.lua [SCALE]; SCALE multiplies the number of rounds.
local dir = arg and arg[0] and arg[0]:match("^(.*)[/\\]") or "."
package.path = dir .. "/lib/?.lua;" .. package.path
local json = require("json")
local documents = require("documents")
local scale = tonumber(arg and arg[1]) or 1

local customers = {}
for i = 1, 300 do customers[i] = documents.customer(i) end

-- Key order follows pairs(), which differs between interpreters, so the
-- checksum is what does not depend on it: the lengths.
local rounds = math.max(1, math.floor(32 * scale + 0.5))
local bytes = 0
for _ = 1, rounds do
  for i = 1, #customers do bytes = bytes + #json.encode(customers[i]) end
end
local page = json.encode({ customers[1], customers[2], customers[3] })
print(string.format("rounds %d bytes %d page %d", rounds, bytes, #page))
