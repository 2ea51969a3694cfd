-- A small JSON library in plain Lua 5.1 (for bench/json_encode.lua and
-- bench/json_decode.lua), written the way such libraries usually are: the
-- encoder appends pieces to a buffer table and concatenates once; the
-- decoder is a recursive-descent parser that walks the text with
-- string.find, string.sub and string.byte.
--
-- Mapping: a table whose t[1] is set, or that is empty, is an array;
-- any other table is an object with string keys. json.null stands for null.
local json = {}

json.null = setmetatable({}, { __tostring = function() return "null" end })

local byte, char, find, format, sub = string.byte, string.char, string.find, string.format, string.sub
local concat, floor = table.concat, math.floor

local ESCAPES = {
  ['"'] = '\\"', ["\\"] = "\\\\", ["\b"] = "\\b", ["\f"] = "\\f",
  ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t",
}

local function escape_char(c)
  return ESCAPES[c] or format("\\u%04x", byte(c))
end

local function encode_string(s)
  return '"' .. s:gsub('[%c"\\]', escape_char) .. '"'
end

-- Integers print as integers, the rest with 14 significant digits (the
-- same text from every Lua, whether it has an integer subtype or not).
local function encode_number(n)
  if n ~= n or n == math.huge or n == -math.huge then
    error("json: cannot encode " .. tostring(n))
  end
  if n % 1 == 0 and n > -2 ^ 53 and n < 2 ^ 53 then return format("%d", n) end
  return format("%.14g", n)
end

local encode_value

local function encode_table(t, buffer, depth)
  if depth > 100 then error("json: nesting deeper than 100 (a cycle?)") end
  local n = #buffer
  if t[1] ~= nil or next(t) == nil then
    buffer[n + 1] = "["
    for i = 1, #t do
      if i > 1 then buffer[#buffer + 1] = "," end
      encode_value(t[i], buffer, depth + 1)
    end
    buffer[#buffer + 1] = "]"
  else
    buffer[n + 1] = "{"
    local first = true
    for key, value in pairs(t) do
      if type(key) ~= "string" then
        error("json: object key of type " .. type(key) .. ", expected a string")
      end
      buffer[#buffer + 1] = first and encode_string(key) or "," .. encode_string(key)
      buffer[#buffer + 1] = ":"
      encode_value(value, buffer, depth + 1)
      first = false
    end
    buffer[#buffer + 1] = "}"
  end
end

function encode_value(value, buffer, depth)
  local kind = type(value)
  if kind == "string" then
    buffer[#buffer + 1] = encode_string(value)
  elseif kind == "number" then
    buffer[#buffer + 1] = encode_number(value)
  elseif kind == "boolean" then
    buffer[#buffer + 1] = value and "true" or "false"
  elseif value == json.null then
    buffer[#buffer + 1] = "null"
  elseif kind == "table" then
    encode_table(value, buffer, depth)
  else
    error("json: cannot encode a " .. kind)
  end
end

function json.encode(value)
  local buffer = {}
  encode_value(value, buffer, 0)
  return concat(buffer)
end

-- The decoder. Every parse_* function takes the text and the position of
-- the value's first character and returns the value and the position after it.
local parse_value

local function decode_error(text, pos, what)
  local line, column = 1, 1
  for i = 1, pos - 1 do
    if byte(text, i) == 10 then line, column = line + 1, 1 else column = column + 1 end
  end
  error(format("json: %s at line %d column %d", what, line, column), 0)
end

local function skip_space(text, pos)
  return (find(text, "[^ \t\r\n]", pos)) or #text + 1
end

-- A code point as UTF-8 (no utf8 library in Lua 5.1).
local function utf8_char(code)
  if code < 0x80 then return char(code) end
  if code < 0x800 then return char(0xC0 + floor(code / 64), 0x80 + code % 64) end
  return char(0xE0 + floor(code / 4096), 0x80 + floor(code / 64) % 64, 0x80 + code % 64)
end

local UNESCAPES = {
  ['"'] = '"', ["\\"] = "\\", ["/"] = "/", b = "\b", f = "\f", n = "\n", r = "\r", t = "\t",
}

local function parse_string(text, pos)
  local parts, start = nil, pos + 1
  while true do
    local stop = find(text, '["\\]', start)
    if stop == nil then decode_error(text, pos, "unterminated string") end
    if byte(text, stop) == 34 then -- '"'
      if parts == nil then return sub(text, pos + 1, stop - 1), stop + 1 end
      parts[#parts + 1] = sub(text, start, stop - 1)
      return concat(parts), stop + 1
    end
    parts = parts or {}
    parts[#parts + 1] = sub(text, start, stop - 1)
    local escape = sub(text, stop + 1, stop + 1)
    if escape == "u" then
      local hex = sub(text, stop + 2, stop + 5)
      local code = #hex == 4 and not find(hex, "[^%x]") and tonumber(hex, 16)
      if not code then decode_error(text, stop, "bad \\u escape") end
      parts[#parts + 1] = utf8_char(code)
      start = stop + 6
    else
      local unescaped = UNESCAPES[escape]
      if unescaped == nil then decode_error(text, stop, "bad escape \\" .. escape) end
      parts[#parts + 1] = unescaped
      start = stop + 2
    end
  end
end

local function parse_number(text, pos)
  local _, stop = find(text, "^-?%d+%.?%d*[eE]?[-+]?%d*", pos)
  local n = stop and tonumber(sub(text, pos, stop))
  if n == nil then decode_error(text, pos, "bad number") end
  return n, stop + 1
end

local function parse_array(text, pos)
  local array, n = {}, 0
  pos = skip_space(text, pos + 1)
  if byte(text, pos) == 93 then return array, pos + 1 end -- ']'
  while true do
    local value
    value, pos = parse_value(text, pos)
    n = n + 1
    array[n] = value
    pos = skip_space(text, pos)
    local c = byte(text, pos)
    if c == 93 then return array, pos + 1 end
    if c ~= 44 then decode_error(text, pos, "expected ',' or ']'") end
    pos = skip_space(text, pos + 1)
  end
end

local function parse_object(text, pos)
  local object = {}
  pos = skip_space(text, pos + 1)
  if byte(text, pos) == 125 then return object, pos + 1 end -- '}'
  while true do
    if byte(text, pos) ~= 34 then decode_error(text, pos, "expected a string key") end
    local key, value
    key, pos = parse_string(text, pos)
    pos = skip_space(text, pos)
    if byte(text, pos) ~= 58 then decode_error(text, pos, "expected ':'") end
    value, pos = parse_value(text, skip_space(text, pos + 1))
    object[key] = value
    pos = skip_space(text, pos)
    local c = byte(text, pos)
    if c == 125 then return object, pos + 1 end
    if c ~= 44 then decode_error(text, pos, "expected ',' or '}'") end
    pos = skip_space(text, pos + 1)
  end
end

local LITERALS = { t = { "true", true }, f = { "false", false }, n = { "null", json.null } }

function parse_value(text, pos)
  local c = sub(text, pos, pos)
  if c == "{" then return parse_object(text, pos) end
  if c == "[" then return parse_array(text, pos) end
  if c == '"' then return parse_string(text, pos) end
  local literal = LITERALS[c]
  if literal then
    local word = literal[1]
    if sub(text, pos, pos + #word - 1) ~= word then decode_error(text, pos, "bad literal") end
    return literal[2], pos + #word
  end
  if c == "-" or find(c, "^%d") then return parse_number(text, pos) end
  decode_error(text, pos, c == "" and "unexpected end of text" or "unexpected '" .. c .. "'")
end

function json.decode(text)
  local value, pos = parse_value(text, skip_space(text, 1))
  pos = skip_space(text, pos)
  if pos <= #text then decode_error(text, pos, "text after the value") end
  return value
end

return json
