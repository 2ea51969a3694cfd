-- json.lua — writes Lua values as JSON text (RFC 8259), for scripts that
-- answer HTTP requests or print figures other programs read.
--
--   local json = require("json")
--   json.encode({id = 3, status = "done"})   --> {"id":3,"status":"done"}
--
-- A table whose keys are exactly 1..n (n >= 1) is an array; any other table
-- is an object, whose keys must be strings and are written in sorted order,
-- so the same value always gives the same text. The empty table is {}.
-- Integers are written exactly, floats with 14 significant digits; NaN and
-- the infinities, which JSON cannot write, become null. Strings are taken to
-- be UTF-8 and written as they are, with '"', '\' and control characters
-- escaped. A function, a userdata, a key that is not a string or a cycle is
-- an error that says where it was.

local json = {}

local escapes = {
  ['"'] = '\\"',
  ["\\"] = "\\\\",
  ["\b"] = "\\b",
  ["\f"] = "\\f",
  ["\n"] = "\\n",
  ["\r"] = "\\r",
  ["\t"] = "\\t",
}

local function escape(c)
  return escapes[c] or string.format("\\u%04x", c:byte())
end

local function is_array(t)
  local n = #t
  if n == 0 then return false end
  local count = 0
  for _ in pairs(t) do count = count + 1 end
  return count == n
end

local encode_value

local function encode_table(t, out, seen, where)
  if seen[t] then error("json.encode: a cycle through " .. where, 0) end
  seen[t] = true
  if is_array(t) then
    out[#out + 1] = "["
    for i = 1, #t do
      if i > 1 then out[#out + 1] = "," end
      encode_value(t[i], out, seen, where .. "[" .. i .. "]")
    end
    out[#out + 1] = "]"
  else
    local keys = {}
    for k in pairs(t) do
      if type(k) ~= "string" then
        error(("json.encode: key %s of %s is a %s (object keys must be strings)"):format(
          tostring(k), where, type(k)), 0)
      end
      keys[#keys + 1] = k
    end
    table.sort(keys)
    out[#out + 1] = "{"
    for i, k in ipairs(keys) do
      if i > 1 then out[#out + 1] = "," end
      out[#out + 1] = '"' .. k:gsub('[%c"\\]', escape) .. '":'
      encode_value(t[k], out, seen, where .. "." .. k)
    end
    out[#out + 1] = "}"
  end
  seen[t] = nil
end

function encode_value(v, out, seen, where)
  local kind = type(v)
  if kind == "string" then
    out[#out + 1] = '"' .. v:gsub('[%c"\\]', escape) .. '"'
  elseif kind == "number" then
    if math.type(v) == "integer" then
      out[#out + 1] = string.format("%d", v)
    elseif v ~= v or v == math.huge or v == -math.huge then
      out[#out + 1] = "null"
    else
      out[#out + 1] = string.format("%.14g", v)
    end
  elseif kind == "boolean" then
    out[#out + 1] = v and "true" or "false"
  elseif kind == "nil" then
    out[#out + 1] = "null"
  elseif kind == "table" then
    encode_table(v, out, seen, where)
  else
    error(("json.encode: %s is a %s, which JSON cannot hold"):format(where, kind), 0)
  end
end

-- json.encode(value) -> the JSON text of value
function json.encode(value)
  local out = {}
  encode_value(value, out, {}, "the value")
  return table.concat(out)
end

return json
