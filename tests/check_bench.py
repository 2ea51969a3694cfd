#!/usr/bin/env python3
"""Checks that every benchmark program of bench/ runs on gilvm and prints the
same checksum as stock Lua, at a small scale so that the check stays quick
(`PROGRAM bench/NAME.lua SCALE`; every program reads an optional scale
factor from arg[1]). It checks what the programs compute, never how fast.

For each bench/*.lua, run in bench/ with the file name and the scale as
arguments:
  - lua5.4 and gilvm both exit with status 0, gilvm with nothing on stderr
    and no sanitizer report;
  - they print the same stdout, byte for byte, and it is not empty;
  - where LuaJIT is installed, `luajit -joff` prints the same too, except for
    the programs whose header says `-- Lua 5.4 only: ...` (it must then say
    why). bench/run.py uses LuaJIT's interpreter as a second baseline, so a
    program meant for it must not fail there unnoticed.

Usage: check_bench.py GILVM [--lua lua5.4] [--luajit luajit] [--scale S] [--timeout S] [FILTER...]
Prints a report for each failure and ends with `N passed, N failed`.
"""

import argparse
import concurrent.futures
import os
import shutil
import sys
from pathlib import Path

from drivers import run_program

BENCH_DIR = Path(__file__).resolve().parent.parent / "bench"
LUA54_ONLY = "-- Lua 5.4 only:"


def header(script: Path) -> list:
    lines = []
    for line in script.read_text(encoding="utf-8").splitlines():
        if not line.startswith("--"):
            break
        lines.append(line)
    return lines


def check(script: Path, gilvm: str, lua: str, luajit, scale: str, timeout_s: float) -> list:
    """Returns what is wrong with one program (an empty list when nothing is)."""
    problems = []

    def run(argv):
        completed = run_program(argv + [script.name, scale], BENCH_DIR, timeout_s)
        if completed.timed_out:
            problems.append(f"{' '.join(argv)} ran longer than {timeout_s:g} s")
        elif completed.status != 0:
            problems.append(f"{' '.join(argv)} exited with status {completed.status}:\n"
                            f"{completed.stderr_text.strip()}")
        return completed

    expected = run([lua])
    actual = run([gilvm])
    if problems:
        return problems
    if actual.stderr:  # a warning, or a sanitizer's report
        problems.append(f"gilvm wrote to stderr:\n{actual.stderr_text.strip()}")
    if not expected.stdout.strip():
        problems.append(f"{lua} printed no checksum")
    if actual.stdout != expected.stdout:
        problems.append(f"checksums differ:\n  {lua}: {expected.stdout!r}\n  gilvm: {actual.stdout!r}")

    reason = [line for line in header(script) if line.startswith(LUA54_ONLY)]
    if reason and not reason[0][len(LUA54_ONLY):].strip():
        problems.append(f"'{LUA54_ONLY}' says no reason")
    if luajit and not reason:
        before = len(problems)
        peer = run([luajit, "-joff"])
        if peer.status == 0 and peer.stdout != expected.stdout:
            problems.append(f"checksums differ:\n  {lua}: {expected.stdout!r}\n"
                            f"  luajit -joff: {peer.stdout!r}")
        if len(problems) > before:
            problems.append(f"(a program that cannot run on LuaJIT says why in a '{LUA54_ONLY}' line)")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gilvm")
    parser.add_argument("--lua", default="lua5.4", help="the reference interpreter (default lua5.4)")
    parser.add_argument("--luajit", default="luajit", help="LuaJIT, checked where installed (default luajit)")
    parser.add_argument("--scale", default="0.02", help="the programs' scale factor (default 0.02)")
    parser.add_argument("--timeout", type=float, default=60.0, help="per run (s)")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("filters", nargs="*", metavar="FILTER", help="substrings of program names")
    args = parser.parse_args()

    gilvm = os.path.abspath(args.gilvm)
    if shutil.which(args.lua) is None:
        sys.exit(f"check_bench.py: {args.lua} is not installed (tools/setup.sh installs it)")
    luajit = shutil.which(args.luajit)
    if luajit is None:
        print(f"note: {args.luajit} is not installed; the checksums are checked against {args.lua} only")
    scripts = [s for s in sorted(BENCH_DIR.glob("*.lua"))
               if not args.filters or any(f in s.stem for f in args.filters)]
    if not scripts:
        sys.exit("check_bench.py: no benchmark program matches")

    failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {s: pool.submit(check, s, gilvm, args.lua, luajit, args.scale, args.timeout)
                   for s in scripts}
        for script, future in futures.items():
            problems = future.result()
            if problems:
                failed += 1
                print(f"FAIL bench/{script.name}")
                for problem in problems:
                    print("  " + problem.replace("\n", "\n  "))
    print(f"{len(scripts) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
