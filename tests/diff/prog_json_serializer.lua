-- A small JSON encoder/decoder with sorted keys, escapes and round trips.
local json = {}
local function codepoint_char(cp) if cp < 128 then return string.char(cp) end return "?" end
local escapes = { ['"'] = '\\"', ["\\"] = "\\\\", ["\b"] = "\\b", ["\f"] = "\\f", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t" }
local function encode_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c) return escapes[c] or string.format("\\u%04x", c:byte()) end) .. '"'
end
local function is_array(t)
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  for i = 1, n do if t[i] == nil then return false end end
  return true, n
end
function json.encode(v, indent, depth)
  depth = depth or 0
  local tv = type(v)
  if tv == "nil" then return "null"
  elseif tv == "boolean" then return tostring(v)
  elseif tv == "number" then
    if v ~= v or v == math.huge or v == -math.huge then error("cannot encode " .. tostring(v)) end
    if math.type(v) == "integer" then return tostring(v) end
    return string.format("%.14g", v)
  elseif tv == "string" then return encode_string(v)
  elseif tv == "table" then
    local arr, n = is_array(v)
    local parts = {}
    if arr and n > 0 then
      for i = 1, n do parts[i] = json.encode(v[i], indent, depth + 1) end
      return "[" .. table.concat(parts, ",") .. "]"
    end
    local keys = {}
    for k in pairs(v) do
      if type(k) ~= "string" then error("non-string key: " .. tostring(k)) end
      keys[#keys + 1] = k
    end
    table.sort(keys)
    for i, k in ipairs(keys) do parts[i] = encode_string(k) .. ":" .. json.encode(v[k], indent, depth + 1) end
    return "{" .. table.concat(parts, ",") .. "}"
  end
  error("cannot encode type " .. tv)
end
function json.decode(s)
  local pos = 1
  local function ws() pos = s:find("[^ \t\r\n]", pos) or #s + 1 end
  local function err(msg) error(string.format("json error at %d: %s", pos, msg), 0) end
  local value
  local function str()
    pos = pos + 1
    local out = {}
    while true do
      local c = s:sub(pos, pos)
      if c == "" then err("unterminated string") end
      if c == '"' then pos = pos + 1 break end
      if c == "\\" then
        local e = s:sub(pos + 1, pos + 1)
        local map = { b = "\b", f = "\f", n = "\n", r = "\r", t = "\t", ['"'] = '"', ["\\"] = "\\", ["/"] = "/" }
        if map[e] then out[#out + 1] = map[e]; pos = pos + 2
        elseif e == "u" then out[#out + 1] = codepoint_char(tonumber(s:sub(pos + 2, pos + 5), 16)); pos = pos + 6
        else err("bad escape") end
      else out[#out + 1] = c; pos = pos + 1 end
    end
    return table.concat(out)
  end
  function value()
    ws()
    local c = s:sub(pos, pos)
    if c == "{" then
      pos = pos + 1
      local obj = {}
      ws()
      if s:sub(pos, pos) == "}" then pos = pos + 1 return obj end
      while true do
        ws()
        if s:sub(pos, pos) ~= '"' then err("expected key") end
        local k = str()
        ws()
        if s:sub(pos, pos) ~= ":" then err("expected ':'") end
        pos = pos + 1
        obj[k] = value()
        ws()
        local d = s:sub(pos, pos); pos = pos + 1
        if d == "}" then return obj end
        if d ~= "," then err("expected ',' or '}'") end
      end
    elseif c == "[" then
      pos = pos + 1
      local arr = {}
      ws()
      if s:sub(pos, pos) == "]" then pos = pos + 1 return arr end
      while true do
        arr[#arr + 1] = value()
        ws()
        local d = s:sub(pos, pos); pos = pos + 1
        if d == "]" then return arr end
        if d ~= "," then err("expected ',' or ']'") end
      end
    elseif c == '"' then return str()
    elseif s:find("^true", pos) then pos = pos + 4 return true
    elseif s:find("^false", pos) then pos = pos + 5 return false
    elseif s:find("^null", pos) then pos = pos + 4 return nil
    else
      local num = s:match("^-?%d+%.?%d*[eE]?[-+]?%d*", pos)
      if not num or num == "" then err("unexpected character '" .. c .. "'") end
      pos = pos + #num
      return math.tointeger(tonumber(num)) or tonumber(num)
    end
  end
  local v = value()
  ws()
  if pos <= #s then err("trailing garbage") end
  return v
end
local data = {
  name = "gilvm", version = 1, pi = 3.14159, tags = { "lua", "vm", "gil" },
  nested = { a = { b = { c = "deep" } }, empty_obj = {}, list = { 1, 2.5, -3, true, false } },
  text = 'quote " backslash \\ newline \n tab \t ctrl \1',
}
local enc = json.encode(data)
print(enc)
local dec = json.decode(enc)
print(json.encode(dec) == enc, dec.nested.a.b.c, dec.tags[3], dec.text == data.text)
print(json.encode({ 1, 2, { 3, { 4 } } }), json.encode("x"), json.encode(12), json.encode(0.1))
for _, bad in ipairs({ "{", "[1,", '{"a" 1}', "tru", '"abc', "[1] x", "@" }) do
  print(pcall(json.decode, bad))
end
print(pcall(json.encode, { [1] = 1, [3] = 3 }))
print(pcall(json.encode, 0 / 0))
print(json.encode(json.decode('  { "k" : [ 1 , 2 , { "z" : null , "y" : "\\u0041" } ] }  ')))
