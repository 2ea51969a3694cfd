-- N-queens by backtracking: place a queen per row, keeping which columns
-- and diagonals are taken in small boolean arrays. It stands for recursive
-- search code (puzzles, game trees, parsers with backtracking).
-- VM paths: recursive Lua-to-Lua calls, numeric for loops, reads and writes
-- of small integer-keyed arrays, boolean tests, upvalue access.
-- Usage: nqueens.lua [SCALE]; SCALE multiplies the number of solves.
local scale = tonumber(arg and arg[1]) or 1

-- Counts the placements of n queens; `first` collects the first solution.
local function solve(n, first)
  local columns, rising, falling = {}, {}, {}
  for i = 1, 2 * n do columns[i], rising[i], falling[i] = false, false, false end
  local placement = {}
  local solutions = 0

  local function place(row)
    if row > n then
      solutions = solutions + 1
      if solutions == 1 then
        for i = 1, n do first[i] = placement[i] end
      end
      return
    end
    for column = 1, n do
      local up, down = row + column, row - column + n
      if not columns[column] and not rising[up] and not falling[down] then
        columns[column], rising[up], falling[down] = true, true, true
        placement[row] = column
        place(row + 1)
        columns[column], rising[up], falling[down] = false, false, false
      end
    end
  end

  place(1)
  return solutions
end

local KNOWN = { [6] = 4, [7] = 40, [8] = 92, [9] = 352, [10] = 724, [11] = 2680 }

local rounds = math.max(1, math.floor(12 * scale + 0.5))
local total, signature = 0, 0
for _ = 1, rounds do
  for n = 6, 11 do
    local first = {}
    local count = solve(n, first)
    if count ~= KNOWN[n] then error("nqueens: " .. count .. " solutions for n = " .. n) end
    total = total + count
    for i = 1, n do signature = (signature * 10 + first[i]) % 1000003 end
  end
end
print(string.format("rounds %d solutions %d signature %d", rounds, total, signature))
