#!/usr/bin/env python3
"""Checks the tour's table for form, never for figures (a loaded machine may
turn any figure into noise, and the tour must then say so rather than fail):
runs `bench/tour.py --quick` with both programs and checks that

  - it exits with status 0 and prints a progress line per experiment on
    stderr, nothing of the table there;
  - the header names the machine (cores, load average before and after)
    and one header row names every column, `GIL build` and `free-threaded`
    among them;
  - every row has its label, one cell per column, the cores other programs
    kept busy, and a verdict; a cell is a figure with its spread
    (`1.96x ±0.04`, `4.12 ms ±0.35`, `22.3 µs ±2.33 ms`), `baseline`, or
    `—`; no `nan` or `inf`
    anywhere;
  - `—` stands where a way does not apply: the priority rows have only a
    GIL-build cell, the loop-alone row only an event-loop cell, the rows of
    the loop beside jobs none, the convoy and single-thread rows only the
    two builds' threads; every other cell holds a figure.

Before running it, the verdicts are checked on made-up figures: they follow
the figures (the same row says "no speed-up" or "scales" as the cells
change), a spread across a class boundary gives "noisy", and a busy machine
gives "can't tell" where load could explain a cell.

Usage: check_tour.py GILVM GILVM_FT
Exits 77 (CTest's skip) when GILVM_FT is not built.
"""

import re
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DRIVER = REPO_ROOT / "bench" / "tour.py"

COLUMNS = ["GIL build", "free-threaded", "subinterpreters", "worker processes", "event loop"]
FIGURE = re.compile(r"^\d+(\.\d+)?(x| s| ms| µs) ±\d+(\.\d+)?( s| ms)?$")
EXPERIMENTS = 7
ROWS = 15
# Rows whose label contains the key, and the columns that apply to them.
ONLY = {
    "policy priority": ["GIL build"],
    "jobs beside": ["GIL build", "free-threaded", "subinterpreters", "worker processes"],
    "loop alone": ["event loop"],
    "one thread": ["GIL build", "free-threaded"],
    "convoy: I/O": ["GIL build", "free-threaded"],
}


def fail(message, output=""):
    print(f"check_tour.py: {message}")
    if output:
        print(output)
    sys.exit(1)


def check_verdicts():
    sys.path.insert(0, str(DRIVER.parent))
    import tour  # pylint: disable=import-outside-toplevel
    rows = {row.id: row for row in tour.rows_for(2, quick=False)[0]}

    def verdict(row, busy=False, **figures):
        cells = {column: tour.Cell(*figure) for column, figure in figures.items()}
        return tour.verdict(rows[row], cells, busy)

    cases = [
        (verdict("cpu2", gil=(1.0, 0.02), ft=(1.9, 0.03), subinterpreters=(1.85, 0.05),
                 processes=(1.9, 0.04), loop=(0.99, 0.01)),
         "GIL threads, the loop: no speed-up; others: scales (≤2x)"),
        (verdict("cpu2", gil=(1.9, 0.02), ft=(1.9, 0.03), subinterpreters=(1.85, 0.05),
                 processes=(1.9, 0.04), loop=(1.8, 0.01)),
         "all: scales (≤2x)"),
        (verdict("cpu2", busy=True, gil=(1.0, 0.02), ft=(1.9, 0.03), subinterpreters=(1.05, 0.05),
                 processes=(1.9, 0.04), loop=(0.99, 0.01)),
         "free-threaded threads, processes: scales (≤2x); others: can't tell (machine busy)"),
        (verdict("lag_p99", gil=(0.004, 0.002), ft=(0.0003, 0.0001),
                 subinterpreters=(0.0003, 0.0001), processes=(0.0003, 0.0001)),
         "GIL threads: noisy; others: on time"),
        (verdict("lag_p99_priority", busy=True, gil=(0.004, 0.0035)), "noisy: machine busy"),
        (verdict("convoy", gil=(0.005, 0.0002), ft=(0.00002, 0.000001)),
         "GIL threads: convoy; free-threaded threads: no convoy"),
        (verdict("convoy_priority", busy=True, gil=(0.00003, 0.000002)),
         "can't tell: a convoy needs an idle core"),
    ]
    for got, expected in cases:
        if got != expected:
            fail(f"verdict {got!r}, expected {expected!r}")


def main():
    check_verdicts()
    if len(sys.argv) != 3:
        sys.exit("usage: check_tour.py GILVM GILVM_FT")
    gilvm, gilvm_ft = sys.argv[1:]
    if not Path(gilvm_ft).exists():
        print(f"check_tour.py: skipped: {gilvm_ft} is not built (cmake --preset ft && "
              "cmake --build --preset ft)")
        sys.exit(77)

    proc = subprocess.run([sys.executable, str(DRIVER), "--quick", "--gilvm", gilvm,
                           "--gilvm-ft", gilvm_ft],
                          capture_output=True, text=True, timeout=900)
    out, err = proc.stdout, proc.stderr
    shown = f"--- stdout:\n{out}\n--- stderr:\n{err}"
    if proc.returncode != 0:
        fail(f"bench/tour.py exited with status {proc.returncode}", shown)
    progress = [line for line in err.splitlines() if re.match(r"tour: \[\d+/\d+\] ", line)]
    if len(progress) != EXPERIMENTS:
        fail(f"expected {EXPERIMENTS} progress lines on stderr, found {len(progress)}", shown)
    if re.search(r"\b(nan|inf)\b", out, re.I):
        fail("the table shows nan or inf", shown)

    lines = out.splitlines()
    if not re.search(r"\d+ cores .*load average [\d.]+ before, [\d.]+ after", lines[0]):
        fail("the first line does not name the cores and the load before and after", shown)
    headers = [i for i, line in enumerate(lines) if line.startswith("experiment")]
    if len(headers) != 1:
        fail("expected one header row starting with 'experiment'", shown)
    header = lines[headers[0]]
    names = COLUMNS + ["others", "verdict"]
    starts = [header.find(name) for name in names]
    if min(starts) < 0 or starts != sorted(starts):
        fail(f"the header row does not name the columns {names} in order", shown)
    if not lines[headers[0] + 1].startswith("---"):
        fail("no rule under the header row", shown)

    body = []
    for line in lines[headers[0] + 2:]:
        if not line.strip():
            break
        body.append(line)
    if len(body) != ROWS:
        fail(f"expected {ROWS} rows, found {len(body)}", shown)
    bounds = [0] + starts + [None]
    for line in body:
        fields = [line[a:b].strip() for a, b in zip(bounds, bounds[1:])]
        label, cells, others, verdict = fields[0], fields[1:6], fields[6], fields[7]
        if not label or not verdict:
            fail(f"a row without its label or verdict: {line!r}", shown)
        if not re.fullmatch(r"\d+\.\d", others):
            fail(f"the others column is not a number of cores: {line!r}", shown)
        applies = next((cols for key, cols in ONLY.items() if key in label), COLUMNS)
        for column, cell in zip(COLUMNS, cells):
            if column not in applies:
                if cell != "—":
                    fail(f"{label!r}: the {column} column does not apply, yet shows {cell!r}",
                         shown)
            elif not (FIGURE.match(cell) or cell == "baseline"):
                fail(f"{label!r}: the {column} column shows {cell!r}, not a figure ± spread",
                     shown)
    print(f"check_tour.py: {len(body)} rows well formed")


if __name__ == "__main__":
    main()
