-- String-heavy text processing over generated prose: split it into lines
-- and words, count word frequencies and report the top words, rewrite it
-- with gsub (a replacement table and a function), wrap paragraphs to a
-- width, and write and read back CSV rows with quoted fields. It stands for
-- scripts that munge text: log and report generators, formatters, importers.
-- VM paths: string.gmatch/gsub/find/sub/format/lower/upper/rep, string
-- interning of many short strings, table.concat, table.sort with a Lua
-- comparator, hash tables keyed by strings.
-- Usage: text_processing.lua [SCALE]; SCALE multiplies the number of rounds.
local scale = tonumber(arg and arg[1]) or 1

local concat, format = table.concat, string.format

local seed = 777
local function random(n)
  seed = seed * 16807 % 2147483647
  return seed % n + 1
end

local WORDS = {
  "the", "a", "server", "request", "was", "slow", "because", "cache", "missed", "and", "then",
  "retried", "user", "clicked", "button", "twice", "page", "loaded", "error", "timeout", "while",
  "reading", "config", "file", "from", "disk", "network", "latency", "spiked", "at", "noon", "we",
  "rolled", "back", "deploy", "after", "alerts", "fired", "database", "index", "rebuilt", "quickly",
}

-- A paragraph of n sentences; some words carry quotes or commas.
local function paragraph(n)
  local sentences = {}
  for s = 1, n do
    local words = {}
    for w = 1, 4 + random(10) do
      local word = WORDS[random(#WORDS)]
      local r = random(20)
      if r == 1 then word = '"' .. word .. '"' elseif r == 2 then word = word .. "," end
      words[w] = word
    end
    sentences[s] = concat(words, " ") .. (random(6) == 1 and "!" or ".")
  end
  return concat(sentences, " ")
end

local function make_document(paragraphs)
  local parts = {}
  for i = 1, paragraphs do parts[i] = paragraph(2 + random(5)) end
  return concat(parts, "\n\n")
end

-- Word frequencies, and the n most frequent words (ties by word).
local function top_words(text, n)
  local counts = {}
  for word in text:gmatch("%a+") do
    word = word:lower()
    counts[word] = (counts[word] or 0) + 1
  end
  local list = {}
  for word, count in pairs(counts) do list[#list + 1] = { word = word, count = count } end
  table.sort(list, function(a, b)
    if a.count ~= b.count then return a.count > b.count end
    return a.word < b.word
  end)
  local top = {}
  for i = 1, math.min(n, #list) do top[i] = list[i] end
  return top, #list
end

local ABBREVIATIONS = { database = "DB", request = "req", network = "net", config = "cfg" }

-- Capitalises every sentence and abbreviates some words.
local function rewrite(text)
  text = text:gsub("%a+", ABBREVIATIONS)
  return (text:gsub("([.!]%s+)(%l)", function(stop, letter) return stop .. letter:upper() end)
    :gsub("^%l", string.upper))
end

-- Greedy word wrap of one paragraph to `width` columns.
local function wrap(text, width)
  local lines, line, length = {}, {}, 0
  for word in text:gmatch("%S+") do
    if length > 0 and length + 1 + #word > width then
      lines[#lines + 1] = concat(line, " ")
      line, length = {}, 0
    end
    line[#line + 1] = word
    length = length + (length > 0 and 1 or 0) + #word
  end
  if #line > 0 then lines[#lines + 1] = concat(line, " ") end
  return concat(lines, "\n")
end

local function csv_field(value)
  value = tostring(value)
  if value:find('[,"\n]') then return '"' .. value:gsub('"', '""') .. '"' end
  return value
end

-- Splits one CSV line into fields (quoted fields may hold commas and quotes).
local function csv_split(line)
  local fields, pos = {}, 1
  while true do
    if line:sub(pos, pos) == '"' then
      local value, i = "", pos + 1
      while true do
        local quote = line:find('"', i, true)
        value = value .. line:sub(i, quote - 1)
        if line:sub(quote + 1, quote + 1) == '"' then
          value = value .. '"'
          i = quote + 2
        else
          pos = quote + 1
          break
        end
      end
      fields[#fields + 1] = value
    else
      local comma = line:find(",", pos, true) or #line + 1
      fields[#fields + 1] = line:sub(pos, comma - 1)
      pos = comma
    end
    if pos > #line then return fields end
    pos = pos + 1
  end
end

local rounds = math.max(1, math.floor(240 * scale + 0.5))
local checksum, report_bytes, csv_fields = 0, 0, 0
for round = 1, rounds do
  local text = make_document(60)

  local lines = 0
  for _ in text:gmatch("[^\n]+") do lines = lines + 1 end

  local top, distinct = top_words(text, 10)
  local report = {}
  for i, entry in ipairs(top) do
    report[i] = format("%2d. %-10s %5d %6.2f%%", i, entry.word, entry.count, 100 * entry.count / distinct)
  end
  report_bytes = report_bytes + #concat(report, "\n")

  local rewritten = rewrite(text)
  local wrapped = {}
  for para in rewritten:gmatch("[^\n]+") do wrapped[#wrapped + 1] = wrap(para, 40 + round % 3 * 10) end
  local wrapped_text = concat(wrapped, "\n" .. string.rep("-", 20) .. "\n")

  local rows = {}
  for sentence in rewritten:gmatch("[^.!]+[.!]") do
    rows[#rows + 1] = concat({ csv_field(#rows + 1), csv_field(sentence), csv_field(#sentence) }, ",")
  end
  for i = 1, #rows do
    local fields = csv_split(rows[i])
    csv_fields = csv_fields + #fields
    if tonumber(fields[3]) ~= #fields[2] then error("csv round trip failed: " .. rows[i]) end
  end

  checksum = (checksum + lines * 7 + #rewritten * 3 + #wrapped_text + distinct) % 1000000007
end
print(format("rounds %d checksum %d report %d fields %d", rounds, checksum, report_bytes, csv_fields))
