-- CSV parsing with quoted fields, escaped quotes and embedded newlines; then aggregation.
local function parse_csv(s)
  local rows, row, field, i, inq = {}, {}, {}, 1, false
  while i <= #s do
    local c = s:sub(i, i)
    if inq then
      if c == '"' then
        if s:sub(i + 1, i + 1) == '"' then field[#field + 1] = '"'; i = i + 1 else inq = false end
      else field[#field + 1] = c end
    else
      if c == '"' then inq = true
      elseif c == "," then row[#row + 1] = table.concat(field); field = {}
      elseif c == "\n" then row[#row + 1] = table.concat(field); field = {}; rows[#rows + 1] = row; row = {}
      elseif c ~= "\r" then field[#field + 1] = c end
    end
    i = i + 1
  end
  if inq then error("unterminated quoted field") end
  if #field > 0 or #row > 0 then row[#row + 1] = table.concat(field); rows[#rows + 1] = row end
  return rows
end
local data = 'name,dept,salary,note\r\nAlice,Eng,120000,"likes ""quotes"""\nBob,Eng,95000,\n"Carol, Jr.",Sales,70000,"multi\nline"\nDan,Sales,82000,plain\nEve,HR,65000,""\n'
local rows = parse_csv(data)
print(#rows)
for i, r in ipairs(rows) do
  local q = {}
  for j, f in ipairs(r) do q[j] = string.format("%q", f) end
  print(i, #r, table.concat(q, " | "))
end
local by_dept, header = {}, rows[1]
for i = 2, #rows do
  local rec = {}
  for j, h in ipairs(header) do rec[h] = rows[i][j] end
  local d = by_dept[rec.dept] or { total = 0, n = 0, names = {} }
  d.total = d.total + tonumber(rec.salary); d.n = d.n + 1; d.names[#d.names + 1] = rec.name
  by_dept[rec.dept] = d
end
local depts = {}
for k in pairs(by_dept) do depts[#depts + 1] = k end
table.sort(depts)
for _, k in ipairs(depts) do
  local d = by_dept[k]
  print(string.format("%-6s n=%d total=%d avg=%.1f [%s]", k, d.n, d.total, d.total / d.n, table.concat(d.names, "; ")))
end
print(pcall(parse_csv, 'a,"b\n'))
