-- What the program says about scripts it cannot run, as lua5.4 says it, with
-- status 1: a directory, a missing file, garbage, a truncated binary chunk,
-- standard input that is a directory or closed. A shebang line is skipped
-- in a file and on standard input, never in -e. -i alone is the prompt only
-- (it does not run standard input first; its first line is the version, as
-- lua5.4's is its banner), and -v's line comes before an error.
local gilvm = arg[-1]
local dir = os.tmpname()
os.remove(dir)
assert(os.execute("mkdir " .. dir))
local function write(name, bytes)
  local f = assert(io.open(dir .. "/" .. name, "wb"))
  f:write(bytes)
  f:close()
end
write("garbage.lua", "\0\1\2\255 print(1)")
write("short.luac", "\27Lua")
write("shebang.lua", "#!/usr/bin/env gilvm\nprint('ran')\nerror('line 3')")

local function run(args, skip)
  local p = io.popen("cd " .. dir .. " && " .. gilvm .. " " .. args .. " 2>&1")
  local out = p:read("a")
  local _, _, status = p:close()
  -- One line is enough (the first after `skip` lines); the directory's name
  -- changes from run to run, and the program's name from build to build.
  for _ = 1, skip or 0 do out = out:gsub("^[^\n]*\n", "", 1) end
  local first = out:match("^[^\n]*"):gsub("gilvm%-ft", "gilvm")
  return status .. ": " .. first:gsub(dir:gsub("%p", "%%%0"), "DIR")
end

print(run(dir)) -- expect: 1: gilvm: cannot read DIR: Is a directory
print(run("missing.lua")) -- expect: 1: gilvm: cannot open missing.lua: No such file or directory
print(run("garbage.lua")) -- expect: 1: gilvm: garbage.lua:1: unexpected symbol
print(run("short.luac")) -- expect: 1: gilvm: bad binary chunk: truncated
print(run("- < " .. dir)) -- expect: 1: gilvm: cannot read stdin: Is a directory
print(run("- <&-")) -- expect: 1: gilvm: cannot read stdin: Bad file descriptor
print(run("shebang.lua")) -- expect: 1: ran
print(run("< shebang.lua")) -- expect: 1: ran
print(run("-e '#!x'")) -- expect: 1: gilvm: (command line):1: unexpected symbol near '#'
print(run("-i <&-", 1)) -- expect: 0: > 
-- Standard input goes to the prompt line by line: the error in line 3 does
-- not end the program.
print(run("-i < shebang.lua", 1)) -- expect: 0: > stdin:1: unexpected symbol near '#'
print((run("-v missing.lua"):gsub("%(.*", ""))) -- expect: 1: gilvm 0.1.0 
os.execute("rm -r " .. dir)
