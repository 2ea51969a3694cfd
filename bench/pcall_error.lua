-- Errors as control flow: records are validated against a schema that
-- raises error tables, numbers are parsed by a function that raises
-- string errors with a position, flaky operations are retried under pcall,
-- a layer wraps errors it catches with context and raises them again, and
-- xpcall's handler turns errors into reports. About two in five imports
-- and one in three parses raise. It stands for input validation, parsers
-- and RPC clients that report failure with error() and recover with pcall.
-- VM paths: pcall and xpcall (entering and leaving a protected call),
-- error() with tables and strings, unwinding a few Lua frames, the
-- position prefix added to string errors, assert.
-- Usage: pcall_error.lua [SCALE]; SCALE multiplies the number of records.
local scale = tonumber(arg and arg[1]) or 1

local seed = 99
local function random(n)
  seed = seed * 16807 % 2147483647
  return seed % n + 1
end

-- Validation errors are tables: which field, a code, a message.
local function fail(field, code, message)
  error({ field = field, code = code, message = message })
end

local SCHEMA = {
  { name = "id", check = function(v) if type(v) ~= "number" then fail("id", 1, "id must be a number") end end },
  { name = "email", check = function(v)
      if type(v) ~= "string" then fail("email", 2, "email must be a string") end
      if not v:find("@", 1, true) then fail("email", 3, "email needs an @") end
    end },
  { name = "age", check = function(v)
      if v == nil then return end
      if v < 0 or v > 150 then fail("age", 4, "age out of range") end
    end },
}

local function validate(record)
  for i = 1, #SCHEMA do
    local rule = SCHEMA[i]
    rule.check(record[rule.name])
  end
  return true
end

-- Parses a decimal integer; raises a string error that points at the caller.
local function parse_int(text)
  local n = tonumber(text)
  if n == nil or n % 1 ~= 0 then error("not an integer: '" .. text .. "'", 2) end
  return n
end

local function read_quantity(text)
  return parse_int(text) -- a failure here is reported at this line
end

-- An operation that fails now and then, as a network call might.
local function flaky(n)
  if random(4) == 1 then error("connection reset", 0) end
  return n * 2
end

local function with_retries(attempts, f, ...)
  local last
  for _ = 1, attempts do
    local ok, result = pcall(f, ...)
    if ok then return result end
    last = result
  end
  error({ code = 9, message = "gave up after " .. attempts .. " attempts: " .. last })
end

-- A layer that adds context to any error from below and raises it again.
local function import_record(record)
  local ok, err = pcall(validate, record)
  if not ok then
    error({ context = "import of record " .. tostring(record.id), cause = err }, 0)
  end
  return with_retries(2, flaky, record.id)
end

local function make_record(i)
  local r = random(10)
  local record = { id = i, email = "user" .. i .. "@example.com", age = random(90) }
  if r == 1 then record.email = "user" .. i .. ".example.com"
  elseif r == 2 then record.age = 200
  elseif r == 3 then record.email = i
  elseif r == 4 then record.id = "x" .. i end
  return record
end

-- The message of a string error without its "file:line: " prefix.
local function strip_position(message) return (message:gsub("^[^:]*:%d+: ", "")) end

local count = math.max(1, math.floor(260000 * scale + 0.5))
local imported, invalid, gave_up, codes, parse_failures, chars, reports = 0, 0, 0, 0, 0, 0, 0
for i = 1, count do
  local ok, result = pcall(import_record, make_record(i))
  if ok then
    imported = imported + result % 1000
  elseif result.cause then
    invalid = invalid + 1
    codes = codes + result.cause.code
  else
    gave_up = gave_up + 1
    codes = codes + result.code
  end

  local text = random(3) == 1 and (i .. ".5") or tostring(i)
  local parsed, value = pcall(read_quantity, text)
  if not parsed then
    parse_failures = parse_failures + 1
    chars = chars + #strip_position(value)
  end

  if i % 10 == 0 then
    local handled, report = xpcall(function()
      assert(i % 20 ~= 0, "every twentieth batch is rejected")
      return "batch " .. i
    end, function(message) return { report = strip_position(tostring(message)) } end)
    if not handled then reports = reports + #report.report end
  end
end
print(string.format("records %d imported %d invalid %d gave_up %d codes %d parse %d chars %d reports %d",
  count, imported, invalid, gave_up, codes, parse_failures, chars, reports))
