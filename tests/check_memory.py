#!/usr/bin/env python3
"""Running out of memory is a Lua error: under an address-space limit
(RLIMIT_AS, what `ulimit -v` sets), every script below allocates more than
the limit allows, and the allocation that fails raises "not enough memory",
which pcall catches (Lua's LUA_ERRMEM: false, "not enough memory"); the
program then goes on, collects and allocates again. An uncaught one ends
the program with status 1 and the message, never with a signal.

A script test cannot set a limit on itself, hence this driver. It is not run
under the sanitizers: their shadow memory needs terabytes of address space.

usage: check_memory.py GILVM
"""
import resource
import subprocess
import sys

LIMIT_BYTES = 512 << 20
TIMEOUT_S = 300

# Each case keeps what it allocates in `t` and sets `ok, err` from a pcall
# whose allocation fails; AFTER then drops `t`, collects, prints them
# ("false\tnot enough memory") and shows that the interpreter still works.
AFTER = ("\nt = nil collectgarbage() print(ok, err)"
         "\nlocal after = {} for i = 1, 1000 do after[i] = {i} end print('ok')")
OOM = "false\tnot enough memory\nok\n"
GROW = "for i = 1, 1e9 do t[i] = %s end"

CASES = {
    "string.rep": "local ok, err = pcall(string.rep, 'x', 2^30)",
    "concatenation": "t = string.rep('x', 2^27)\n"
                     "local ok, err = pcall(function() return t .. t .. t .. t end)",
    "table.concat": "t = {} for i = 1, 300 do t[i] = string.rep('y', 2^20) end\n"
                    "local ok, err = pcall(table.concat, t)",
    "string.gsub": "local ok, err = pcall(string.gsub, string.rep('x', 2^18), 'x', string.rep('y', 4096))",
    "string.format": "t = string.rep('x', 2^27)\nlocal ok, err = pcall(string.format, '%s%s', t, t)",
    "array part": "t = {}\nlocal ok, err = pcall(function() " + GROW % "i" + " end)",
    "hash part, string keys": "t = {}\n"
                              "local ok, err = pcall(function() for i = 1, 1e9 do t['k' .. i] = i end end)",
    "many tables": "t = {}\nlocal ok, err = pcall(function() " + GROW % "{}" + " end)",
    "many closures": "t = {}\nlocal ok, err = pcall(function() " + GROW % "function() return i end" + " end)",
    "many coroutines": "t = {}\nlocal ok, err = pcall(function() for i = 1, 1e9 do\n"
                       "  t[i] = coroutine.create(coroutine.yield) coroutine.resume(t[i]) end end)",
    "table.move": "t = {}\nlocal src = setmetatable({}, {__index = function() return 1 end})\n"
                  "local ok, err = pcall(table.move, src, 1, 1e9, 1, t)",
    "table constructors (SETLIST)": "t = {}\nlocal ok, err = pcall(function() "
                                    + GROW % "{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, table.unpack(t, 1, 20)}"
                                    + " end)",
    "load of a huge chunk": "local ok, err = load('return {' .. string.rep('1,', 2^25) .. '}')",
    "io read": "local f = io.open('/dev/zero', 'rb')\nlocal ok, err = pcall(f.read, f, 'a') f:close()",
    "in a coroutine": "local ok, err = coroutine.wrap(function() return pcall(string.rep, 'x', 2^30) end)()",
    "through coroutine.wrap": "local ok, err = pcall(coroutine.wrap(function() "
                              "return string.rep('x', 2^30) end))",
    "in a thread": "local h = thread.spawn(function() local t = {} " + GROW % "{}" + " end)\n"
                   "local ok, err = pcall(h.join, h)",
    "in a loop task": "local ok, err = loop.run(function()\n"
                      "  return pcall(await, loop.spawn(function() return string.rep('x', 2^30) end)) end)",
    "a collection of a wide table": (
        # Memory full of small tables held by one table, then a collection:
        # the collector's gray stack may find no memory to grow into, yet
        # every table must survive.
        "t = {}\nlocal ok, err = pcall(function() " + GROW % "{i}" + " end)\n"
        "local n = #t collectgarbage() collectgarbage()\n"
        "for i = 1, n, 997 do assert(t[i][1] == i) end"),
    "__close while out of memory": (
        "local ok, err = pcall(function()\n"
        "  local c <close> = setmetatable({}, {__close = function() t = nil end})\n"
        "  t = {} " + GROW % "{}" + " end)"),
}
UNCAUGHT = "t = string.rep('x', 2^30)"


def limit_address_space():
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES, LIMIT_BYTES))


def run(gilvm, name, code, expected):
    argv = [gilvm, "-e", "local t " + code]
    try:
        proc = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=TIMEOUT_S, preexec_fn=limit_address_space)
    except subprocess.TimeoutExpired:
        return f"{name}: no exit within {TIMEOUT_S} s"
    if proc.returncode < 0:
        return f"{name}: killed by signal {-proc.returncode}; stderr: {proc.stderr!r}"
    if expected is None:
        if proc.returncode != 1 or "not enough memory" not in proc.stderr:
            return f"{name}: exit status {proc.returncode}, stderr {proc.stderr!r}; " \
                   "expected 1 and 'not enough memory'"
    elif proc.returncode != 0 or proc.stdout != expected:
        return f"{name}: exit status {proc.returncode}, stdout {proc.stdout!r}, " \
               f"expected {expected!r}; stderr: {proc.stderr!r}"
    print(f"ok   {name}")
    return None


def main():
    gilvm = sys.argv[1]
    failures = []
    runs = [(name, code + AFTER, "nil\tnot enough memory\nok\n" if name.startswith("load") else OOM)
            for name, code in CASES.items()]
    runs.append(("uncaught", UNCAUGHT, None))
    for name, code, expected in runs:
        failure = run(gilvm, name, code, expected)
        if failure:
            print("FAIL " + failure)
            failures.append(failure)
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
