#!/usr/bin/env python3
"""Runs every example script of scripts/ (but the tour and the HTTP demo,
which have tests of their own) in quick mode, `GILVM scripts/NAME.lua
--quick`, and checks the form of what it prints, never its figures: they
depend on the machine, and this must pass on a loaded one.

For each example:
  - exit status 0, nothing on stderr, no sanitizer report;
  - the title line (`NAME.lua — ...`) and a `machine: ...` line;
  - its result lines, each matched by a pattern below (a row label and the
    figures that follow it);
  - no `nan` or `inf` anywhere: a figure that is not a number is a bug;
  - a last line `conclusion: ...` with something after it.
trace_walkthrough.lua must also leave a trace file that Python's json module
reads, with "GIL held" spans in it.

Every example runs in a fresh temporary directory (trace_walkthrough.lua
writes its trace file there), one at a time: they measure, and two at once
would only slow each other down.

Usage: check_examples.py GILVM [--timeout S] [FILTER...]
"""

import argparse
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

from drivers import SANITIZER_REPORT, run_program

SCRIPTS_DIR = Path(__file__).resolve().parent.parent / "scripts"

N = r"\d+(?:\.\d+)?"  # a figure
MS = N + r" ms"

# The result lines of each example: a pattern per line that must be there.
# An entry that is a pair (build, pattern) applies to that build alone.
RESULTS = {
    "cpu_bound.lua": [
        rf"^  1 thread\s+{N} s ± ?{N}%\s+1\.00x$",
        rf"^  executor\.threads\(\d\)\s+threads, (one|no) GIL\s+{N} s ± ?{N}%\s+{N}x ±{N}$",
        rf"^  executor\.processes\(\d\)\s+.+\s{N} s ± ?{N}%\s+{N}x ±{N}$",
        rf"^  executor\.interpreters\(\d\)\s+.+\s{N} s ± ?{N}%\s+{N}x ±{N}$",
        ("gil", r"^  threads without a GIL: run this script on gilvm-ft"),
    ],
    "io_bound.lua": [
        rf"^  {kind}\s+{N} s\s+{N} s\s+{N}x ±{N}\s+({N} %|no GIL)$"
        for kind in (r"work\.io", r"thread\.sleep", "socket")
    ],
    "loop_starved.lua": [
        rf"^  {label}\s+{MS}\s+{MS}\s+{N}( / {N})* ms$"
        for label in ("idle", r"executor\.threads\(2\)", r"executor\.processes\(2\)")
    ],
    "native_gil.lua": [
        rf"^  {label}\s+{MS}\s+{N}( / {N})* ms$"
        for label in (r"thread\.sleep \(idle\)", r"work\.hold_gil", r"work\.release_gil")
    ],
    "switch_interval.lua": [
        rf"^\s+{interval} ms\s+{MS}\s+{MS}\s+{N}x\s+\d+$"
        for interval in (r"0\.5", "1", "5", "20", "50")
    ],
    "convoy.lua": [
        rf"^  {condition}\s+{policy}\s+\d+\s+{N} µs\s+\d+\s+{N} µs\s+\d+%$"
        for condition in ("as the machine is", "beside a busy process")
        for policy in ("(interval|none)", "(priority|none)")
    ],
    "loop_vs_threads.lua": [
        rf"^  loop: 1 thread, a task per connection\s+{N} µs\s+{N} KB\s+{MS}$",
        rf"^  threads: a thread per connection\s+{N} µs\s+{N} KB\s+{MS}$",
    ],
    "job_queue.lua": [
        rf"^  {label}\s+{MS}\s+{MS}\s+{MS}\s+{MS}\s+{N} s\s+\d+$"
        for label in (r"executor\.processes\(2\)", r"executor\.threads\(2\)")
    ],
    "trace_walkthrough.lua": [
        r"^trace file: gilvm_trace\.json ",
        rf"^  cpu \(\d+\)\s+\d+\s+{MS}\s+\d+\s+{MS}\s+{MS}\s+\d+$",
        rf"^  io \(\d+\)\s+\d+\s+{MS}\s+\d+\s+{MS}\s+{MS}\s+\d+$",
        rf"^  switches \d+, hand-offs after a drop request: \d+, median {MS}; collections \d+,"
        rf" longest {MS}$",
    ],
}

NOT_A_NUMBER = re.compile(r"\b-?(nan|inf)\b", re.IGNORECASE)


def check_trace_file(directory: Path) -> list:
    path = directory / "gilvm_trace.json"
    try:
        document = json.loads(path.read_text())
    except (OSError, ValueError) as error:
        return [f"the trace file {path.name} cannot be read as JSON: {error}"]
    names = {event.get("name") for event in document.get("traceEvents", [])}
    return [] if "GIL held" in names else ["the trace file has no \"GIL held\" span"]


def check(gilvm: str, build: str, name: str, timeout_s: float):
    """Returns (seconds, problems)."""
    with tempfile.TemporaryDirectory(prefix="gilvm_example_") as directory:
        started = time.monotonic()
        run = run_program([gilvm, str(SCRIPTS_DIR / name), "--quick"], directory, timeout_s)
        took = time.monotonic() - started
        if run.timed_out:
            return took, [f"timed out after {timeout_s:g} s"]
        stdout = run.stdout.decode("utf-8", errors="replace")
        stderr = run.stderr_text
        lines = stdout.splitlines()
        problems = []
        if SANITIZER_REPORT.search(stderr):
            problems.append("sanitizer report on stderr")
        if run.status != 0:
            problems.append(f"exit status {run.status}")
        if stderr.strip():
            problems.append("stderr is not empty")
        if not lines or not lines[0].startswith(f"{name} — "):
            problems.append(f"the first line does not name the example ({name} — ...)")
        if not any(line.startswith("machine: ") for line in lines):
            problems.append("no 'machine: ...' line")
        for entry in RESULTS[name]:
            only_for, pattern = entry if isinstance(entry, tuple) else (None, entry)
            if only_for and only_for != build:
                continue
            if not any(re.search(pattern, line) for line in lines):
                problems.append(f"no result line matches {pattern!r}")
        for line in lines:
            if NOT_A_NUMBER.search(line):
                problems.append(f"a figure is not a number: {line!r}")
        if not lines or not re.match(r"^conclusion: \S", lines[-1]):
            problems.append("the last line is not 'conclusion: ...'")
        if name == "trace_walkthrough.lua" and run.status == 0:
            problems.extend(check_trace_file(Path(directory)))
        if problems:
            problems.append("stdout:")
            problems.extend("  " + line for line in lines[:60])
            if stderr.strip():
                problems.append("stderr:")
                problems.extend("  " + line for line in stderr.splitlines()[:40])
        return took, problems


def main() -> int:
    parser = argparse.ArgumentParser(description="Run the example scripts in quick mode.")
    parser.add_argument("gilvm", help="path of the gilvm (or gilvm-ft) program")
    parser.add_argument("filters", nargs="*",
                        help="run only examples whose name contains one of these")
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="seconds per example (default 60)")
    args = parser.parse_args()

    gilvm = os.path.abspath(args.gilvm)
    if not os.access(gilvm, os.X_OK):
        parser.error(f"{args.gilvm} is not an executable program")
    build = run_program([gilvm, "-e", "print(sys.build)"], None, 60).stdout.decode().strip()
    names = sorted(RESULTS)
    if args.filters:
        names = [n for n in names if any(f in n for f in args.filters)]
    failed = 0
    for name in names:
        took, problems = check(gilvm, build, name, args.timeout)
        if problems:
            failed += 1
            report = "\n".join("  " + p for p in problems)
            print(f"FAIL {name} ({took:.1f} s)\n{report}", flush=True)
        else:
            print(f"PASS {name} ({took:.1f} s)", flush=True)
    print(f"{len(names) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
