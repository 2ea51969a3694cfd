-- Long tracebacks: the first 10 and last 11 levels, with luaL_traceback's
-- note of skipped levels; and the boundary cases around 22 levels.
local function show(s) print((s:gsub("\t", "  "))) end
for _, depth in ipairs({18, 19, 20, 21, 22, 30}) do
  local function rec(n)
    if n == 0 then show(debug.traceback("depth " .. depth)) return end
    rec(n - 1)
    return
  end
  rec(depth)
end
local function rec2(n) if n == 0 then error("bottom") end rec2(n - 1) end
show(select(2, xpcall(rec2, debug.traceback, 40)))
