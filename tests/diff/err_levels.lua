-- error(msg, level): level 1 = where error was called, 2 = the caller, 0 = no position.
local function lvl1() error("at level 1") end
local function lvl2() error("at level 2", 2) end
local function lvl0() error("no position", 0) end
local function lvl3() error("at level 3", 3) end
local function caller() lvl2() end
local function caller3() local function mid() lvl3() end mid() end
print(pcall(lvl1))
print(pcall(caller))
print(pcall(lvl0))
print(pcall(caller3))
print(pcall(error, "called directly by pcall", 1))
print(pcall(error, "level 2 from pcall", 2))
print(pcall(function() error("level 50", 50) end))
print(pcall(function() error({}, 2) end) == false)
local function validate(x) if type(x) ~= "number" then error("expected number, got " .. type(x), 2) end return x end
local function use() return validate("str") end
print(pcall(use))
