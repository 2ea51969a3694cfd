-- Real-looking JSON documents, generated deterministically (for
-- bench/json_encode.lua and bench/json_decode.lua): the records of a web
-- shop's API, with nested objects, arrays of objects, strings that need
-- escaping (quotes, backslashes, newlines, control characters, UTF-8),
-- integers, prices with two decimals and booleans.
local documents = {}

-- Park-Miller generator: the products stay below 2^53, so Lua 5.4's integers
-- and LuaJIT's doubles give the same sequence.
local seed = 20240601
local function random(n)
  seed = seed * 16807 % 2147483647
  return seed % n + 1
end

local function pick(list) return list[random(#list)] end

local FIRST = { "Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Niklaus", "Frances", "Ken", "Radia" }
local LAST = { "Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Wirth", "Allen", "Thompson", "Perlman" }
local CITIES = { "Zürich", "São Paulo", "Kraków", "Reykjavík", "Montréal", "Berlin", "Osaka", "Lyon" }
local STREETS = { "Main St", "Rue de la Paix", "Hauptstraße", "Elm Avenue", "Via Roma", "Long Lane" }
local TAGS = { "admin", "beta", "vip", "newsletter", "wholesale", "staff", "trial" }
local PRODUCTS = { "USB cable", "14\" monitor", "C:\\drivers disk", "Mechanical keyboard",
                   "Desk lamp", "Notebook (A5)", "Ergonomic mouse", "Café mug" }
local WORDS = { "quick", "delivery", "great", "item", "would", "buy", "again", "the", "box",
                "was", "damaged", "but", "support", "helped", "\"fast\"", "ok" }

local function sentence(words)
  local parts = {}
  for i = 1, words do parts[i] = pick(WORDS) end
  local text = table.concat(parts, " ")
  if random(4) == 1 then text = text .. "\n\t-- sent from my phone" end
  if random(10) == 1 then text = text .. "\1\31" end
  return text
end

local function price() return random(20000) / 100 end

local function order(id)
  local lines = {}
  for i = 1, random(4) do
    lines[i] = { sku = "SKU-" .. random(9999), name = pick(PRODUCTS), quantity = random(5), price = price() }
  end
  return {
    id = id,
    status = pick({ "paid", "shipped", "delivered", "returned" }),
    lines = lines,
    gift = random(5) == 1,
    note = random(3) == 1 and sentence(random(12)) or "",
  }
end

-- The n-th customer record.
function documents.customer(n)
  local first, last = pick(FIRST), pick(LAST)
  local tags = {}
  for i = 1, random(4) - 1 do tags[i] = pick(TAGS) end
  local orders = {}
  for i = 1, random(5) do orders[i] = order(n * 100 + i) end
  return {
    id = n,
    name = first .. " " .. last,
    email = string.lower(first .. "." .. last) .. "@example.com",
    active = random(4) ~= 1,
    balance = price() - 50,
    tags = tags,
    address = { street = random(200) .. " " .. pick(STREETS), city = pick(CITIES), zip = tostring(1000 + random(8999)) },
    orders = orders,
    bio = sentence(random(20)),
  }
end

return documents
