-- io.popen: reading a command's output, writing its input, and close
-- returning the command's exit status as Lua does.
local p = io.popen("echo hello; echo world")
print(io.type(p), p:read("l"), p:read("L"))
print(p:read("l"))
print(p:close())
print(io.type(p), pcall(p.read, p))

p = io.popen("printf 'a\\nb\\nc'")
for l in p:lines() do io.write("[", l, "]") end
print()
print(p:close())

print(io.popen("exit 3"):close())
print(io.popen("kill -9 $$"):close())
print(io.popen("true", "r"):close())

local name = os.tmpname()
p = io.popen("cat > " .. name, "w")
print(p:write("to the command ", 42, "\n") == p)
print(p:read())
print(p:close())
for l in io.lines(name) do print(l) end
os.remove(name)

-- Output written before popen comes first: Lua flushes everything.
io.write("before the command, ")
p = io.popen("echo from the command")
print(p:read("a"))
p:close()

print(pcall(io.popen, "true", "rw"))
print(pcall(io.popen, "true", "r+"))
print(pcall(io.popen, "true", ""))
print(pcall(io.popen, {}))
print(pcall(io.popen))
p = io.popen("true", "w\0ignored")
print(io.type(p), p:close())

-- A command that fails still gives a handle; the shell reports the failure.
p = io.popen("exec 2>/dev/null; no_such_command_hopefully")
print(p:read("a"), p:close())

-- io.lines over a command's output, through io.input.
io.input(io.popen("seq 3"))
for l in io.lines() do io.write(l, ";") end
print()
print(io.input():close())
io.input(io.stdin)
