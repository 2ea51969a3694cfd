-- Many small chunks compiled with load() and run: a template engine that
-- turns "Dear {{name}}, ..." into Lua source and loads it, configuration
-- snippets loaded into an empty sandbox environment, spreadsheet-style
-- formulas compiled to functions of their cells, and a few chunks with
-- syntax errors that load() must report. Every chunk is distinct, so none
-- can be cached. It stands for code that compiles Lua at run time:
-- template engines, plugin and config loaders, REPLs, DSL compilers.
-- VM paths: load() of a string (compiler, loader and, in gilvm, the
-- verifier) with a chunk name and an environment, calling the new closure,
-- string building with string.find and string.format.
-- Usage: load_heavy.lua [SCALE]; SCALE multiplies the number of chunks.
local scale = tonumber(arg and arg[1]) or 1

local concat, format = table.concat, string.format

local seed = 2718
local function random(n)
  seed = seed * 16807 % 2147483647
  return seed % n + 1
end

-- Compiles a template, text with {{expression}} holes, to a function that
-- renders it; the expressions read the fields of `data` and the globals.
local function compile_template(template, name, data)
  local code, pos = { "local _out = {}" }, 1
  while true do
    local open, close, expression = template:find("{{(.-)}}", pos)
    local literal = template:sub(pos, (open or 0) - 1)
    if literal ~= "" then code[#code + 1] = format("_out[#_out + 1] = %q", literal) end
    if not open then break end
    code[#code + 1] = format("_out[#_out + 1] = tostring(%s)", expression)
    pos = close + 1
  end
  code[#code + 1] = "return table.concat(_out)"
  local env = setmetatable(data, { __index = _G })
  local chunk, err = load(concat(code, "\n"), "=" .. name, "t", env)
  if not chunk then error("template " .. name .. ": " .. err) end
  return chunk
end

local GREETINGS = { "Dear", "Hello", "Hi", "Good morning" }
local ITEMS = { "invoice", "parcel", "message", "reminder", "report" }

local function make_template(i)
  local item = ITEMS[random(#ITEMS)]
  return GREETINGS[random(#GREETINGS)] .. " {{name}},\nyou have {{count}} new " .. item ..
    "{{count == 1 and '' or 's'}} (#" .. i .. "), total {{string.format('%.2f', total)}}."
end

-- A config snippet, as a user might write it in a settings file.
local function make_config(i)
  return format("return { name = %q, width = %d, height = %d, ratio = %d / %d, tags = { %q, %q }, enabled = %s }",
    "window" .. i, 100 + random(900), 100 + random(700), random(16), random(9), "t" .. random(9), "u" .. random(9),
    random(2) == 1 and "true" or "false")
end

-- A spreadsheet formula over the cells a, b and c.
local FORMULAS = { "a + b * c", "(a - b) / (c + 1)", "math.max(a, b) - c", "a * a + b * b", "a > b and a or b + c" }
local function make_formula(i)
  return format("local a, b, c = ... return %s + %d", FORMULAS[random(#FORMULAS)], i % 100)
end

-- Loads a config snippet in an empty environment (it may not call
-- anything) and checks what it returns.
local function load_config(text, name)
  local chunk, err = load(text, "=" .. name, "t", {})
  if not chunk then error("config " .. name .. ": " .. err) end
  local config = chunk()
  if type(config.width) ~= "number" or type(config.name) ~= "string" then error("config " .. name .. ": bad fields") end
  return config
end

local BROKEN = { "return {", "x = = 1", "return 1 +", "local function end", "return 'unfinished" }

local count = math.max(1, math.floor(20000 * scale + 0.5))
local rendered, config_sum, formula_sum, syntax_errors = 0, 0, 0, 0
for i = 1, count do
  local data = { name = "user" .. i, count = random(3), total = random(100000) / 100 }
  local template = compile_template(make_template(i), "template" .. i, data)
  rendered = rendered + #template()

  local config = load_config(make_config(i), "config" .. i)
  config_sum = config_sum + config.width + config.height + #config.tags + (config.enabled and 1 or 0)
  config_sum = config_sum + math.floor(config.ratio * 100)

  local formula = assert(load(make_formula(i), "=formula" .. i))
  for a = 1, 3 do formula_sum = formula_sum + formula(a, i % 7, 2.5) end

  if i % 10 == 0 then
    local chunk = load(BROKEN[random(#BROKEN)] .. " -- " .. i, "=broken" .. i)
    if chunk == nil then syntax_errors = syntax_errors + 1 end
  end
end
print(format("chunks %d rendered %d config %d formulas %.6f syntax errors %d",
  count, rendered, config_sum, formula_sum, syntax_errors))
