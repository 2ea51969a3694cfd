-- A small template engine: {{var}}, {{var|filter}}, {% for %} loops and {% if %} blocks.
local filters = {
  upper = string.upper, lower = string.lower,
  len = function(s) return tostring(#s) end,
  reverse = string.reverse,
  title = function(s) return (s:gsub("(%a)(%w*)", function(a, b) return a:upper() .. b end)) end,
}
local function lookup(ctx, path)
  local v = ctx
  for part in path:gmatch("[^%.]+") do
    if type(v) ~= "table" then return nil end
    v = v[tonumber(part) or part]
  end
  return v
end
local render
local function subst(tpl, ctx)
  return (tpl:gsub("{{%s*([%w_%.]+)%s*|?%s*([%w_]*)%s*}}", function(path, filter)
    local v = lookup(ctx, path)
    if v == nil then return "" end
    v = tostring(v)
    if filter ~= "" then v = (filters[filter] or error("unknown filter " .. filter))(v) end
    return v
  end))
end
function render(tpl, ctx)
  local out = {}
  local pos = 1
  while true do
    local s, e, kind, arg = tpl:find("{%%%s*(%a+)%s*(.-)%s*%%}", pos)
    if not s then out[#out + 1] = subst(tpl:sub(pos), ctx) break end
    out[#out + 1] = subst(tpl:sub(pos, s - 1), ctx)
    local endtag = "{%% end" .. kind .. " %%}"
    local bs, be = tpl:find(endtag, e + 1)
    if not bs then error("missing end" .. kind) end
    local body = tpl:sub(e + 1, bs - 1)
    if kind == "for" then
      local var, listpath = arg:match("^(%w+)%s+in%s+([%w_%.]+)$")
      for i, item in ipairs(lookup(ctx, listpath) or {}) do
        local sub = setmetatable({ [var] = item, index = i }, { __index = ctx })
        out[#out + 1] = render(body, sub)
      end
    elseif kind == "if" then
      local neg, path = arg:match("^(n?o?t?)%s*([%w_%.]+)$")
      local v = lookup(ctx, path)
      if (neg == "not") ~= (v and true or false) then out[#out + 1] = render(body, ctx) end
    else error("unknown tag " .. kind) end
    pos = be + 1
  end
  return table.concat(out)
end
local tpl = [[
Hello {{ user.name | title }}! You have {{count}} items ({{ user.name|len }} letters).
{% for item in items %}  {{index}}. {{ item.name | upper }} x{{item.qty}}
{% endfor %}{% if admin %}[admin mode]
{% endif %}{% if not guest %}[registered]
{% endif %}Missing: "{{ nothing.here }}" Nested: {{ user.address.city|reverse }}]]
print(render(tpl, {
  user = { name = "ada lovelace", address = { city = "London" } }, count = 3, admin = true, guest = false,
  items = { { name = "apple", qty = 2 }, { name = "pear", qty = 1 }, { name = "fig", qty = 12 } },
}))
print(pcall(render, "{{ x | nope }}", { x = 1 }))
print(pcall(render, "{% for a in b %}", {}))
