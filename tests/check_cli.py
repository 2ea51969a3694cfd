#!/usr/bin/env python3
"""The `lua`-compatible command line, against stock lua5.4 as the oracle.

Each case runs one command line under `lua5.4` and under gilvm, in a scratch
directory holding a module, a script and a LUA_INIT file, with a chosen environment and
standard input, and the two runs must agree on:

  - stdout byte for byte (the version banner of -v and -i, which names the
    interpreter, is left out of both);
  - the exit status;
  - stderr's lines without the program-name prefix ("lua5.4: ", "gilvm: "),
    with tracebacks and the usage text left out (gilvm's usage lists its own
    options too).

`-i` is driven through a pipe. Debian's lua5.4 reads the prompt's lines
with readline, which echoes each line after its prompt even when standard
input is not a terminal; gilvm reads them with stdio as lua does without
readline. The echoes are taken out of lua5.4's output before comparing.

Usage: check_cli.py GILVM [--lua lua5.4] [--timeout S]
Prints a diff for each mismatch and ends with `N passed, N failed`.
"""

import argparse
import difflib
import os
import re
import subprocess
import sys
import tempfile

from drivers import SANITIZER_REPORT

MODULE = 'return { name = "mymod", args = select("#", ...) }\n'
INIT = 'print("init file", select("#", ...))\n'
SCRIPT = 'print("script", arg[0], arg[1], arg[-1] ~= nil, select("#", ...), ...)\n'

# (name, arguments after the program, environment additions, stdin)
CASES = [
    ("e", ["-e", "print(1 + 1)"], {}, None),
    ("e attached", ["-eprint('attached')"], {}, None),
    ("e several in order", ["-e", "x = 1", "-e", "print(x + 1)"], {}, None),
    ("e syntax error", ["-e", "x ="], {}, None),
    ("e runtime error", ["-e", "error('boom')", "-e", "print('not reached')"], {}, None),
    ("e error object", ["-e", "error({})"], {}, None),
    ("e needs argument", ["-e"], {}, None),
    ("e argument is an option", ["-e", "-i"], {}, None),
    ("arg without script", ["-e", "print(arg[0] ~= nil, arg[1], arg[2], #arg)"], {}, None),
    ("l", ["-l", "mymod", "-e", "print(mymod.name, mymod.args)"], {}, None),
    ("l attached", ["-lmymod", "-e", "print(mymod.name)"], {}, None),
    ("l into global", ["-l", "g=mymod", "-e", "print(g.name, mymod)"], {}, None),
    ("l missing module", ["-l", "nosuchmodule"], {}, None),
    ("l needs argument", ["-l"], {}, None),
    ("l order", ["-e", "package.path = './?.lua'", "-l", "mymod", "-e", "print(mymod.name)"],
     {"LUA_PATH": "/nowhere/?.lua"}, None),
    ("W", ["-W", "-e", "warn('on')", "-e", "error('end')"], {}, None),
    ("W after e", ["-e", "warn('off')", "-W", "-e", "warn('@x')", "-e", "error('end')"], {}, None),
    ("W attached", ["-Wx"], {}, None),
    ("E ignores LUA_INIT", ["-E", "-e", "print('ran')"], {"LUA_INIT": "print('init')"}, None),
    ("E ignores LUA_PATH", ["-E", "-e", "print(package.path:find('/nowhere') == nil)"],
     {"LUA_PATH": "/nowhere/?.lua"}, None),
    ("LUA_PATH", ["-e", "print(package.path)"], {"LUA_PATH": "/nowhere/?.lua"}, None),
    ("LUA_PATH default mark", ["-e", "print(package.path:sub(1, 20))"],
     {"LUA_PATH_5_4": "/first/?.lua;;"}, None),
    ("LUA_INIT code", ["-e", "print(x)"], {"LUA_INIT": "x = 'from init'"}, None),
    ("LUA_INIT_5_4 first", ["-e", "print(x)"],
     {"LUA_INIT_5_4": "x = 'five four'", "LUA_INIT": "x = 'plain'"}, None),
    ("LUA_INIT file", ["-e", "print('after')"], {"LUA_INIT": "@init.lua"}, None),
    ("LUA_INIT error", ["-e", "print('not reached')"], {"LUA_INIT": "error('in init')"}, None),
    ("LUA_INIT missing file", ["-e", "print(1)"], {"LUA_INIT": "@nosuchfile.lua"}, None),
    ("script with args", ["script.lua", "a", "b"], {}, None),
    ("options then script", ["-W", "script.lua", "-e", "x"], {}, None),
    ("double dash", ["--", "script.lua", "x"], {}, None),
    ("double dash alone", ["--"], {}, "print('stdin after --')\n"),
    ("dash is stdin", ["-", "q"], {}, "print('stdin', arg[0], ...)\n"),
    ("stdin without options", [], {}, "print('piped', ...)\n"),
    ("stdin with shebang", [], {}, "#!/usr/bin/env lua\nprint('shebang')\n"),
    ("missing script", ["nosuchscript.lua"], {}, None),
    ("unrecognized option", ["-x"], {}, None),
    ("unrecognized long option", ["--x"], {}, None),
    ("option with extra letters", ["-vx"], {}, None),
    ("v then e", ["-v", "-e", "print('after version')"], {}, None),
    ("i", ["-i"], {}, "x = 1\n=x + 1\nreturn 2, 3\nprint('hi')\n"),
    ("i continuation", ["-i"], {}, "for i = 1, 2 do\nprint(i)\nend\nlocal t = {\n1,\n}\nprint(#'abc')\n"),
    ("i errors", ["-i"], {}, "error('boom')\nx = = 1\nprint('still here')\n"),
    ("i prompts", ["-i"], {}, "_PROMPT = 'lua> '\n_PROMPT2 = 12\nif true then\nprint('ok')\nend\n"),
    ("i nil results", ["-i"], {}, "return nil\nreturn\nreturn nil, 1\n"),
    ("i print error", ["-i"], {}, "t = setmetatable({}, {__tostring = function() error('ts') end})\nt\n"),
    ("i after script", ["-i", "script.lua", "z"], {}, "print(arg[1])\n"),
    ("i after e", ["-e", "y = 5", "-i"], {}, "y\n=y * 2\n"),
    ("debug.debug", ["-e", "x = 5 debug.debug() print('back', x)"], {},
     "print(x)\nx = 7\nerror('oops')\nx = = 1\ncont\n"),
    ("debug.debug at end of input", ["-e", "debug.debug() print('eof')"], {}, "print(1)\n"),
]

PREFIXES = ("lua5.4: ", "lua: ", "gilvm: ", "gilvm-ft: ")
BANNER = re.compile(r"^(Lua 5\.4|gilvm \d)[^\n]*\n", re.M)


def run(argv, env, stdin, cwd, timeout_s):
    proc = subprocess.run(argv, cwd=cwd, env=env, input=(stdin or "").encode(),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout_s)
    return proc.returncode, proc.stdout.decode(errors="replace"), proc.stderr.decode(errors="replace")


def strip_echo(out, stdin):
    """Takes readline's echo of each input line out of lua5.4's stdout."""
    if not stdin:
        return out
    pieces, pos = [], 0
    for line in stdin.splitlines():
        i = out.find(line + "\n", pos)
        if i < 0:
            break
        pieces.append(out[pos:i])
        pos = i + len(line) + 1
    pieces.append(out[pos:])
    return "".join(pieces)


def stderr_lines(err, program):
    """stderr without program names, tracebacks and the usage text."""
    prefixes = (program + ": ", os.path.basename(program) + ": ") + PREFIXES
    lines, skipping = [], False
    for line in err.splitlines():
        if line.startswith(("stack traceback:", "usage: ")):
            skipping = True
            continue
        if skipping and (line.startswith(("\t", "  ", "Available options", "gilvm's own"))):
            continue
        skipping = False
        for prefix in prefixes:
            if line.startswith(prefix):
                line = line[len(prefix):]
                break
        lines.append(line)
    return lines


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("gilvm")
    parser.add_argument("--lua", default="lua5.4")
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    gilvm = os.path.abspath(args.gilvm)

    passed = failed = 0
    with tempfile.TemporaryDirectory() as work:
        with open(os.path.join(work, "mymod.lua"), "w") as f:
            f.write(MODULE)
        with open(os.path.join(work, "script.lua"), "w") as f:
            f.write(SCRIPT)
        with open(os.path.join(work, "init.lua"), "w") as f:
            f.write(INIT)
        base_env = {k: v for k, v in os.environ.items() if not k.startswith(("LUA_INIT", "LUA_PATH", "LUA_CPATH"))}
        base_env["LUA_PATH"] = "./?.lua;;"
        for name, argv, env_add, stdin in CASES:
            env = dict(base_env)
            env.update(env_add)
            if "LUA_PATH_5_4" in env_add:
                del env["LUA_PATH"]
            results = []
            for program in (args.lua, gilvm):
                status, out, err = run([program] + argv, env, stdin, work, args.timeout)
                if program == args.lua and "-i" in argv:
                    out = strip_echo(out, stdin)
                results.append((status, BANNER.sub("", out), stderr_lines(err, program), err))
            (ls, lo, le, _), (gs, go, ge, graw) = results
            problems = []
            if SANITIZER_REPORT.search(graw):
                problems.append("sanitizer report:\n" + graw)
            if ls != gs:
                problems.append(f"exit status: lua5.4 {ls}, gilvm {gs}")
            if lo != go:
                problems.append("stdout:\n" + "".join(difflib.unified_diff(
                    lo.splitlines(True), go.splitlines(True), "lua5.4", "gilvm")))
            if le != ge:
                problems.append("stderr:\n" + "\n".join(difflib.unified_diff(le, ge, "lua5.4", "gilvm", lineterm="")))
            if problems:
                failed += 1
                print(f"FAIL {name}: {' '.join(argv)}")
                for p in problems:
                    print("  " + p.replace("\n", "\n  "))
            else:
                passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
