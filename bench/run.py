#!/usr/bin/env python3
"""Compares two Lua interpreters on the benchmark programs in bench/*.lua.

By default A is stock `lua5.4` and B is the GIL build of gilvm; any two
programs can be compared, e.g. the GIL build against the free-threaded one:

    bench/run.py                                           # lua5.4 vs build/gil/gilvm
    bench/run.py --a build/gil/gilvm --b build/ft/gilvm-ft # the cost of free threading
    bench/run.py fib sort --rounds 3                       # a selection of programs

For each program the two interpreters run interleaved (A B A B ...) so that
drifting machine load hits both alike. Each run is timed (wall clock, from
start to exit, including start-up and compilation) and its peak resident set
size is read from the kernel (wait4's ru_maxrss). Both must print the same
checksum. The table shows medians, B/A ratios and their geometric mean; a
ratio above 1 means B is slower (or bigger). Progress goes to stderr, the
table to stdout.
"""

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent


def run_once(program: str, script: Path, timeout_s: float):
    """Runs `program script` once; returns (seconds, peak RSS in KiB, stdout)."""
    # Peak RSS comes from GNU time (-f %M): a forked child's own ru_maxrss
    # would include this Python process's footprint from before the exec.
    with tempfile.TemporaryFile() as stderr_file, tempfile.NamedTemporaryFile() as rss_file:
        start = time.perf_counter()
        proc = subprocess.Popen(
            ["/usr/bin/time", "-f", "%M", "-o", rss_file.name, program, script.name],
            cwd=script.parent,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=stderr_file,
        )
        # The checksum output is small; reading it to EOF before reaping the
        # child cannot deadlock, and wait4 gives the child's own rusage.
        watchdog = threading.Timer(timeout_s, proc.kill)
        watchdog.start()
        stdout = proc.stdout.read()
        proc.stdout.close()
        _, status, _ = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        watchdog.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        if seconds >= timeout_s:
            raise RuntimeError(f"{program} {script.name} was stopped after {timeout_s:g} s")
        if proc.returncode != 0:
            stderr_file.seek(0)
            message = stderr_file.read().decode("utf-8", errors="replace").strip()
            raise RuntimeError(
                f"{program} {script.name} exited with status {proc.returncode}: {message}"
            )
        peak_rss_kib = int(Path(rss_file.name).read_text().split()[-1])
    return seconds, peak_rss_kib, stdout


def first_sentence_of_header(script: Path) -> str:
    """What the program measures: the first sentence of its opening comment."""
    header = []
    for line in script.read_text(encoding="utf-8").splitlines():
        if not line.startswith("--"):
            break
        header.append(line.lstrip("- "))
    return " ".join(header).split(": ")[0].split(". ")[0]


def geometric_mean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


def resolve_program(name: str) -> str:
    """A path (relative to the repository root) or a command on PATH."""
    if os.sep in name:
        path = (REPO_ROOT / name) if not os.path.isabs(name) else Path(name)
        if not os.access(path, os.X_OK):
            sys.exit(f"bench/run.py: {name} is not an executable program (build it first)")
        return str(path)
    return name


def main() -> int:
    parser = argparse.ArgumentParser(
        description="Time two Lua interpreters on bench/*.lua.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("programs", nargs="*", help="benchmark names to run (default: all)")
    parser.add_argument("--a", default="lua5.4", help="baseline interpreter (default lua5.4)")
    parser.add_argument("--b", default="build/gil/gilvm", help="compared interpreter (default build/gil/gilvm)")
    parser.add_argument("--rounds", "-n", type=int, default=5, help="runs of each interpreter per program (default 5)")
    parser.add_argument("--timeout", type=float, default=120.0, help="fail a run longer than this (s)")
    parser.add_argument("--json", metavar="FILE", help="also write every measurement to FILE")
    parser.add_argument("--list", action="store_true", help="list the benchmark programs and exit")
    args = parser.parse_args()

    scripts = sorted(BENCH_DIR.glob("*.lua"))
    if args.list:
        for script in scripts:
            print(f"{script.stem:16} {first_sentence_of_header(script)}")
        return 0
    if args.programs:
        unknown = set(args.programs) - {s.stem for s in scripts}
        if unknown:
            sys.exit(f"bench/run.py: no such benchmark: {', '.join(sorted(unknown))} (see --list)")
        scripts = [s for s in scripts if s.stem in args.programs]

    a, b = resolve_program(args.a), resolve_program(args.b)
    name_a, name_b = os.path.basename(args.a), os.path.basename(args.b)
    if name_a == name_b:
        name_a, name_b = "A", "B"

    results = []
    mismatches, failures = [], []
    for script in scripts:
        times = {a: [], b: []}
        rss = {a: [], b: []}
        outputs = {}
        try:
            for round_number in range(1, args.rounds + 1):
                for program in (a, b):
                    seconds, rss_kib, stdout = run_once(program, script, args.timeout)
                    times[program].append(seconds)
                    rss[program].append(rss_kib)
                    outputs.setdefault(program, stdout)
                print(
                    f"{script.stem}: round {round_number}/{args.rounds}: "
                    f"{name_a} {times[a][-1]:.3f} s, {name_b} {times[b][-1]:.3f} s",
                    file=sys.stderr,
                    flush=True,
                )
        except RuntimeError as error:
            failures.append(script.stem)
            print(f"{script.stem}: FAILED: {error}", file=sys.stderr, flush=True)
            continue
        if outputs[a] != outputs[b]:
            mismatches.append(script.stem)
            print(f"{script.stem}: CHECKSUM MISMATCH\n  {name_a}: {outputs[a]!r}\n  {name_b}: {outputs[b]!r}",
                  file=sys.stderr)
        time_a, time_b = statistics.median(times[a]), statistics.median(times[b])
        rss_a, rss_b = statistics.median(rss[a]), statistics.median(rss[b])
        results.append({
            "program": script.stem,
            "seconds_a": times[a], "seconds_b": times[b],
            "rss_kib_a": rss[a], "rss_kib_b": rss[b],
            "median_s_a": time_a, "median_s_b": time_b,
            "ratio": time_b / time_a, "rss_ratio": rss_b / rss_a,
            "checksum_ok": outputs[a] == outputs[b],
        })

    header = f"{'program':16} {name_a + ' s':>12} {name_b + ' s':>12} {'ratio':>7} {'RSS ratio':>9}"
    print(header)
    print("-" * len(header))
    for r in results:
        flag = "" if r["checksum_ok"] else "  checksum mismatch"
        print(f"{r['program']:16} {r['median_s_a']:12.3f} {r['median_s_b']:12.3f} "
              f"{r['ratio']:7.2f} {r['rss_ratio']:9.2f}{flag}")
    print("-" * len(header))
    print(f"{'geometric mean':16} {'':12} {'':12} {geometric_mean([r['ratio'] for r in results]):7.2f} "
          f"{geometric_mean([r['rss_ratio'] for r in results]):9.2f}")
    print(f"(medians of {args.rounds} runs; ratio = {name_b} / {name_a}: above 1 means {name_b} is slower)")

    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"a": args.a, "b": args.b, "rounds": args.rounds, "results": results}, f, indent=2)
    if failures:
        print(f"failed to run: {', '.join(failures)}", file=sys.stderr)
    if mismatches:
        print(f"checksum mismatch: {', '.join(mismatches)}", file=sys.stderr)
    return 1 if failures or mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
