-- A backtracking sudoku solver.
local puzzle = {
  "53..7....", "6..195...", ".98....6.", "8...6...3", "4..8.3..1",
  "7...2...6", ".6....28.", "...419..5", "....8..79",
}
local grid = {}
for r = 1, 9 do
  grid[r] = {}
  for c = 1, 9 do
    local ch = puzzle[r]:sub(c, c)
    grid[r][c] = ch == "." and 0 or tonumber(ch)
  end
end
local function ok(r, c, v)
  for i = 1, 9 do
    if grid[r][i] == v or grid[i][c] == v then return false end
  end
  local br, bc = (r - 1) // 3 * 3, (c - 1) // 3 * 3
  for i = 1, 3 do for j = 1, 3 do if grid[br + i][bc + j] == v then return false end end end
  return true
end
local steps = 0
local function solve()
  for r = 1, 9 do
    for c = 1, 9 do
      if grid[r][c] == 0 then
        for v = 1, 9 do
          if ok(r, c, v) then
            grid[r][c] = v
            steps = steps + 1
            if solve() then return true end
            grid[r][c] = 0
          end
        end
        return false
      end
    end
  end
  return true
end
print(solve(), steps)
for r = 1, 9 do print(table.concat(grid[r], " ")) end
local valid = true
for i = 1, 9 do
  local row, col = {}, {}
  for j = 1, 9 do row[grid[i][j]] = true; col[grid[j][i]] = true end
  for v = 1, 9 do if not row[v] or not col[v] then valid = false end end
end
print("valid", valid)
