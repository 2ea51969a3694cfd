#!/usr/bin/env python3
"""Compares Lua interpreters on the benchmark programs in bench/*.lua.

By default A is stock `lua5.4`, B is the GIL build of gilvm, and the peer is
LuaJIT's interpreter (`luajit -joff`, the JIT compiler off); any two programs
can be compared, e.g. the GIL build against the free-threaded one:

    bench/run.py                                           # lua5.4, luajit -joff, build/gil/gilvm
    bench/run.py --a build/gil/gilvm --b build/ft/gilvm-ft --no-peer   # the cost of free threading
    bench/run.py richards json_decode --rounds 3           # a selection of programs

For each program the interpreters run interleaved (A peer B A peer B ...) so
that drifting machine load hits all alike. A run's time is the CPU time of
the child (user + system, from wait4's rusage; it includes start-up and
compilation, and GNU time's own share, well under a millisecond), which other
work on the machine disturbs far less than wall-clock time; --wall tabulates
wall-clock time instead (both are kept in --json). Peak resident set size
comes from GNU time (a forked child's own ru_maxrss would include this Python
process's footprint from before the exec).

Every interpreter must print the same checksum as A. The peer runs a program
only where it can: its first run is the probe, and if it fails (LuaJIT does
not parse Lua 5.4's `//`, bitwise operators or `<const>`) or prints another
checksum (Lua 5.4's integer/float distinction shows in tostring), its column
says `—` and the footnote says why.

The table shows medians, the ratios B/A and B/peer with their geometric
means, and B's peak RSS over A's; a ratio above 1 means B is slower (or
bigger). Programs whose B/A ratio is above --flag-above (default 1.10, issue
17's limit) are marked. Progress goes to stderr, the table to stdout.
"""

import argparse
import json
import math
import os
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
DEFAULT_PEER = "luajit -joff"


@dataclass
class Run:
    cpu_s: float  # user + system time of the child
    wall_s: float
    peak_rss_kib: int
    stdout: bytes


class RunFailed(RuntimeError):
    def __init__(self, command_line: str, reason: str):
        super().__init__(f"{command_line} {reason}")
        self.reason = reason


def run_once(command: list, script: Path, timeout_s: float) -> Run:
    """Runs `command script` once in bench/ and measures it."""
    with tempfile.TemporaryFile() as stderr_file, tempfile.NamedTemporaryFile() as rss_file:
        start = time.perf_counter()
        proc = subprocess.Popen(
            ["/usr/bin/time", "-f", "%M", "-o", rss_file.name, *command, script.name],
            cwd=script.parent,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=stderr_file,
            start_new_session=True,  # so that a timeout kills the interpreter too, not only GNU time
        )
        timed_out = threading.Event()

        def stop():
            timed_out.set()
            os.killpg(proc.pid, signal.SIGKILL)

        watchdog = threading.Timer(timeout_s, stop)
        watchdog.start()
        # The checksum output is small; reading it to EOF before reaping the
        # child cannot deadlock. wait4's rusage of GNU time includes the
        # interpreter it waited for.
        stdout = proc.stdout.read()
        proc.stdout.close()
        _, status, usage = os.wait4(proc.pid, 0)
        wall_s = time.perf_counter() - start
        watchdog.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        command_line = f"{' '.join(command)} {script.name}"
        if timed_out.is_set():
            raise RunFailed(command_line, f"was stopped after {timeout_s:g} s")
        if proc.returncode != 0:
            stderr_file.seek(0)
            message = stderr_file.read().decode("utf-8", errors="replace").strip()
            raise RunFailed(command_line, f"exited with status {proc.returncode}: {message}")
        peak_rss_kib = int(Path(rss_file.name).read_text().split()[-1])
    return Run(usage.ru_utime + usage.ru_stime, wall_s, peak_rss_kib, stdout)


def first_sentence_of_header(script: Path) -> str:
    """What the program measures: the first sentence of its opening comment."""
    header = []
    for line in script.read_text(encoding="utf-8").splitlines():
        if not line.startswith("--"):
            break
        header.append(line.lstrip("- "))
    return " ".join(header).split(": ")[0].split(". ")[0]


def geometric_mean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else None


def resolve_command(text: str) -> list:
    """A command line: a path (relative to the repository root) or a command
    on PATH, with its options ("luajit -joff")."""
    words = shlex.split(text)
    program = words[0]
    if os.sep in program:
        path = Path(program) if os.path.isabs(program) else REPO_ROOT / program
        if not os.access(path, os.X_OK):
            sys.exit(f"bench/run.py: {program} is not an executable program (build it first)")
        words[0] = str(path)
    elif shutil.which(program) is None:
        sys.exit(f"bench/run.py: {program} is not on PATH")
    return words


def label(text: str) -> str:
    """The column name of a command: its program's name and options."""
    words = shlex.split(text)
    return " ".join([os.path.basename(words[0])] + words[1:])


def fmt(value, spec):
    return "—" if value is None else format(value, spec)


ROLES = ("a", "peer", "b")  # the order of the runs within a round


def measure(script: Path, commands: dict, names: dict, args):
    """Runs the interpreters of `commands` (role -> command line, None for
    one left out) interleaved on one program, args.rounds times; returns
    {role: [Run]} and why the peer did not run it (None when it did)."""
    runs = {role: [] for role in ROLES}
    commands = dict(commands)
    peer_note = None
    for round_number in range(1, args.rounds + 1):
        for role in ROLES:
            if commands[role] is None:
                continue
            try:
                run = run_once(commands[role], script, args.timeout)
            except RunFailed as error:
                if role != "peer":
                    raise
                peer_note = error.reason.splitlines()[0]
            else:
                if role != "peer" or run.stdout == runs["a"][0].stdout:
                    runs[role].append(run)
                    continue
                peer_note = "prints another checksum"
            commands["peer"], runs["peer"] = None, []
        shown = [f"{names[role]} {getattr(runs[role][-1], args.measure):.3f} s"
                 for role in ROLES if commands[role] is not None]
        print(f"{script.stem}: round {round_number}/{args.rounds}: {', '.join(shown)}",
              file=sys.stderr, flush=True)
    return runs, peer_note


def summarize(script: Path, runs: dict, peer_note, args) -> dict:
    """One program's record: every run's figures, the medians and ratios."""
    def median(role, key):
        values = [getattr(run, key) for run in runs[role]]
        return statistics.median(values) if values else None

    time_a, time_peer, time_b = (median(role, args.measure) for role in ROLES)
    return {
        "program": script.stem,
        **{f"{key}_{role}": [getattr(run, key) for run in runs[role]]
           for role in ROLES for key in ("cpu_s", "wall_s", "peak_rss_kib")},
        "median_s_a": time_a, "median_s_peer": time_peer, "median_s_b": time_b,
        "ratio": time_b / time_a,
        "peer_ratio": None if time_peer is None else time_b / time_peer,
        "rss_ratio": median("b", "peak_rss_kib") / median("a", "peak_rss_kib"),
        "checksum_ok": runs["a"][0].stdout == runs["b"][0].stdout,
        "peer_note": peer_note,
    }


def print_table(results: list, names: dict, args):
    has_peer = names["peer"] is not None
    ratio_b_a = f"{names['b']}/{names['a']}"
    columns = [("program", 16), (f"{names['a']} s", 10)]
    if has_peer:
        columns.append((f"{names['peer']} s", 13))
    columns += [(f"{names['b']} s", 10), (ratio_b_a, max(7, len(ratio_b_a)))]
    if has_peer:
        ratio_b_peer = f"{names['b']}/{names['peer']}"
        columns.append((ratio_b_peer, max(7, len(ratio_b_peer))))
    columns.append(("RSS ratio", 9))

    def line(cells):
        return " ".join(f"{cell:{width}}" if i == 0 else f"{cell:>{width}}"
                        for i, (cell, (_, width)) in enumerate(zip(cells, columns)))

    header = line([title for title, _ in columns])
    print(header)
    print("-" * len(header))
    flagged = []
    for r in results:
        cells = [r["program"], fmt(r["median_s_a"], ".3f")]
        if has_peer:
            cells.append(fmt(r["median_s_peer"], ".3f"))
        cells += [fmt(r["median_s_b"], ".3f"), fmt(r["ratio"], ".2f")]
        if has_peer:
            cells.append(fmt(r["peer_ratio"], ".2f"))
        cells.append(fmt(r["rss_ratio"], ".2f"))
        notes = []
        if r["ratio"] > args.flag_above:
            notes.append(f"> {args.flag_above:.2f}")
            flagged.append(r["program"])
        if not r["checksum_ok"]:
            notes.append("checksum mismatch")
        print(line(cells) + ("  " + ", ".join(notes) if notes else ""))
    print("-" * len(header))
    means = ["geometric mean", "", *([""] if has_peer else []), "",
             fmt(geometric_mean([r["ratio"] for r in results]), ".2f")]
    if has_peer:
        means.append(fmt(geometric_mean([r["peer_ratio"] for r in results if r["peer_ratio"]]), ".2f"))
    means.append(fmt(geometric_mean([r["rss_ratio"] for r in results]), ".2f"))
    print(line(means))
    what = "wall-clock time" if args.measure == "wall_s" else "CPU time (user + system)"
    print(f"(medians of {args.rounds} runs, {what}; a ratio above 1 means {names['b']} is slower; "
          f"above {args.flag_above:.2f}: {', '.join(flagged) if flagged else 'none'})")
    peerless = [r for r in results if r["peer_ratio"] is None]
    if has_peer and peerless:
        print(f"{names['peer']}: {len(results) - len(peerless)} of {len(results)} programs; "
              f"its geometric mean is over those. Not run:")
        for r in peerless:
            print(f"  {r['program']}: {r['peer_note']}")


def main() -> int:
    parser = argparse.ArgumentParser(
        description="Time Lua interpreters on bench/*.lua.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 1)[1],
    )
    parser.add_argument("programs", nargs="*", help="benchmark names to run (default: all)")
    parser.add_argument("--a", default="lua5.4", help="baseline interpreter (default lua5.4)")
    parser.add_argument("--b", default="build/gil/gilvm", help="compared interpreter (default build/gil/gilvm)")
    parser.add_argument("--peer", default=DEFAULT_PEER,
                        help=f"second baseline, where a program runs on it (default '{DEFAULT_PEER}')")
    parser.add_argument("--no-peer", action="store_true", help="compare A and B only")
    parser.add_argument("--rounds", "-n", type=int, default=5, help="runs of each interpreter per program (default 5)")
    parser.add_argument("--flag-above", type=float, default=1.10, metavar="RATIO",
                        help="mark programs whose B/A ratio is above RATIO (default 1.10)")
    parser.add_argument("--wall", action="store_true", help="tabulate wall-clock time instead of CPU time")
    parser.add_argument("--timeout", type=float, default=120.0, help="fail a run longer than this (s)")
    parser.add_argument("--json", metavar="FILE", help="also write every measurement to FILE")
    parser.add_argument("--list", action="store_true", help="list the benchmark programs and exit")
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    args.measure = "wall_s" if args.wall else "cpu_s"

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

    if not args.no_peer and args.peer == DEFAULT_PEER and shutil.which(shlex.split(DEFAULT_PEER)[0]) is None:
        print(f"bench/run.py: {DEFAULT_PEER} is not installed (tools/setup.sh installs it); "
              "comparing A and B only", file=sys.stderr)
        args.no_peer = True
    commands = {"a": resolve_command(args.a), "b": resolve_command(args.b),
                "peer": None if args.no_peer else resolve_command(args.peer)}
    names = {"a": label(args.a), "b": label(args.b), "peer": None if args.no_peer else label(args.peer)}
    if names["a"] == names["b"]:
        names["a"], names["b"] = "A", "B"

    results, mismatches, failures = [], [], []
    for script in scripts:
        try:
            runs, peer_note = measure(script, commands, names, args)
        except RunFailed as error:
            failures.append(script.stem)
            print(f"{script.stem}: FAILED: {error}", file=sys.stderr, flush=True)
            continue
        result = summarize(script, runs, peer_note, args)
        if not result["checksum_ok"]:
            mismatches.append(script.stem)
            print(f"{script.stem}: CHECKSUM MISMATCH\n  {names['a']}: {runs['a'][0].stdout!r}\n"
                  f"  {names['b']}: {runs['b'][0].stdout!r}", file=sys.stderr)
        results.append(result)

    print_table(results, names, args)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"a": args.a, "b": args.b, "peer": None if args.no_peer else args.peer,
                       "rounds": args.rounds, "measure": args.measure, "results": results}, f, indent=2)
    if failures:
        print(f"failed to run: {', '.join(failures)}", file=sys.stderr)
    if mismatches:
        print(f"checksum mismatch: {', '.join(mismatches)}", file=sys.stderr)
    return 1 if failures or mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
