#!/usr/bin/python3
"""Checks the pictures' tools under Debian's Python and its matplotlib, the
interpreter `make plots` uses:

  - tools/plot_draw.py draws every picture from the small recorded results in
    tests/data/plots (made by `tools/plot_collect.py --quick`);
  - tools/trace_plot.py draws a recorded trace of an event loop
    (tests/data/trace_loop.json), a window of it, and a trace that GILVM
    records now of two threads taking turns;
  - the bench programs still print what tools/plot_collect.py reads:
    cpu_split.lua's time for N workers, ticker_lag.lua's every lag sample;
  - what is not a trace, an empty window and missing results are clear
    errors with exit status 1.

Each PNG must exist and be a non-empty PNG file; what the pictures look like
is for a person to judge (docs/plots.md).

Usage: check_plots.py GILVM [--timeout S]
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

from drivers import SANITIZER_REPORT, run_program

REPO_ROOT = Path(__file__).resolve().parent.parent
TOOLS = REPO_ROOT / "tools"
DATA = REPO_ROOT / "tests" / "data"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

sys.path.insert(0, str(TOOLS))
import plot_collect  # noqa: E402

TWO_THREADS = """
local function spin(seconds)
  local stop, n = sys.monotonic() + seconds, 0
  while sys.monotonic() < stop do n = n + 1 end
  return n
end
local a, b = thread.spawn(spin, 0.05), thread.spawn(spin, 0.05)
assert(a:join() > 0 and b:join() > 0)
"""


class Problems(list):
    def check(self, ok: bool, message: str):
        if not ok:
            self.append(message)
        return ok


def check_png(path: Path, problems: Problems):
    if not problems.check(path.is_file(), f"{path.name} was not written"):
        return
    head = path.read_bytes()[:8]
    problems.check(path.stat().st_size > len(PNG_MAGIC) and head == PNG_MAGIC,
                   f"{path.name} is not a non-empty PNG ({path.stat().st_size} bytes)")


def run_tool(argv, timeout_s, problems: Problems, expect_status=0, expect_in_stderr=None):
    run = run_program([str(a) for a in argv], REPO_ROOT, timeout_s)
    shown = " ".join(os.path.relpath(a, REPO_ROOT) if isinstance(a, Path) else str(a)
                     for a in argv)
    if not problems.check(not run.timed_out, f"{shown}: timed out after {timeout_s:g} s"):
        return run
    problems.check(run.status == expect_status,
                   f"{shown}: exit status {run.status}, expected {expect_status}\n"
                   f"{run.stderr_text[-3000:]}")
    if expect_in_stderr:
        problems.check(expect_in_stderr in run.stderr_text,
                       f"{shown}: stderr lacks {expect_in_stderr!r}: {run.stderr_text!r}")
    return run


def check_draw(out: Path, timeout_s: float) -> Problems:
    problems = Problems()
    run_tool([TOOLS / "plot_draw.py", "--data", DATA / "plots", "--out", out], timeout_s, problems)
    for name in plot_collect.FIGURES:
        check_png(out / f"{name}.png", problems)
    return problems


def check_trace_plot(gilvm: str, out: Path, timeout_s: float) -> Problems:
    problems = Problems()
    loop_png = out / "trace_loop.png"
    run_tool([TOOLS / "trace_plot.py", DATA / "trace_loop.json", "-o", loop_png], timeout_s,
             problems)
    check_png(loop_png, problems)
    window_png = out / "trace_window.png"
    run_tool([TOOLS / "trace_plot.py", DATA / "trace_loop.json", "-o", window_png,
              "--from", "10", "--to", "30", "--title", "a window"], timeout_s, problems)
    check_png(window_png, problems)

    script = out / "two_threads.lua"
    script.write_text(TWO_THREADS)
    trace = out / "two_threads.json"
    run = run_program([gilvm, "--gil=on", "--switch-interval=0.001", f"--trace={trace}",
                       str(script)], out, timeout_s)
    if problems.check(run.status == 0, f"recording a trace: exit status {run.status}\n"
                      f"{run.stderr_text[-3000:]}"):
        problems.check(not SANITIZER_REPORT.search(run.stderr_text),
                       "sanitizer report:\n" + run.stderr_text[-4000:])
        # -o left out: the picture goes beside the trace.
        run_tool([TOOLS / "trace_plot.py", trace], timeout_s, problems)
        check_png(out / "two_threads.png", problems)
    return problems


def check_bench_output(gilvm: str, timeout_s: float) -> Problems:
    """The fields plot_collect.py reads, from tiny runs of this build."""
    problems = Problems()
    run = run_program([gilvm, "-e", "print(sys.build)"], REPO_ROOT, timeout_s)
    build = run.stdout.decode().strip()
    try:
        split = plot_collect.cpu_split(gilvm, build, "threads", 400_000, 4)
        problems.check(split["t4"] > 0 and split["speedup"] > 0, f"cpu_split.lua: {split}")
        lag = plot_collect.ticker_samples(gilvm, build, None, "threads", 1, 0.1)
        problems.check(all(isinstance(s, (int, float)) and s >= 0 for s in lag["lag_ms"]),
                       f"ticker_lag.lua: lag samples not all numbers >= 0: {lag['lag_ms']}")
    except plot_collect.CollectError as e:
        problems.append(str(e))
    return problems


def check_errors(out: Path, timeout_s: float) -> Problems:
    problems = Problems()
    not_json = out / "not_json.json"
    not_json.write_text("GIL held")
    run_tool([TOOLS / "trace_plot.py", not_json], timeout_s, problems, 1, "is not JSON")
    not_trace = out / "not_trace.json"
    not_trace.write_text('{"events": []}')
    run_tool([TOOLS / "trace_plot.py", not_trace], timeout_s, problems, 1, "is not a trace")
    no_events = out / "no_events.json"
    no_events.write_text('{"traceEvents": []}')
    run_tool([TOOLS / "trace_plot.py", no_events], timeout_s, problems, 1, "has no GIL")
    run_tool([TOOLS / "trace_plot.py", out / "missing.json"], timeout_s, problems, 1,
             "cannot read")
    run_tool([TOOLS / "trace_plot.py", DATA / "trace_loop.json", "-o", out / "empty.png",
              "--from", "5", "--to", "5"], timeout_s, problems, 1, "an empty window")
    run_tool([TOOLS / "plot_draw.py", "--data", out / "no such directory", "--out", out,
              "speedup"], timeout_s, problems, 1, "no results for speedup")
    for name in ("not_json.png", "not_trace.png", "no_events.png", "empty.png"):
        problems.check(not (out / name).exists(), f"{name} written although the input was bad")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description="Check the plotting tools.")
    parser.add_argument("gilvm", help="path of the gilvm (or gilvm-ft) program")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per run")
    args = parser.parse_args()
    gilvm = os.path.abspath(args.gilvm)

    failed = 0
    with tempfile.TemporaryDirectory(prefix="gilvm-plots-") as tmp:
        out = Path(tmp)
        checks = [
            ("plot_draw.py on recorded results", lambda: check_draw(out, args.timeout)),
            ("trace_plot.py", lambda: check_trace_plot(gilvm, out, args.timeout)),
            ("bench output the collector reads", lambda: check_bench_output(gilvm, args.timeout)),
            ("errors", lambda: check_errors(out, args.timeout)),
        ]
        for name, check in checks:
            problems = check()
            if problems:
                failed += 1
                print(f"FAIL {name}")
                for p in problems:
                    print("  " + p.replace("\n", "\n  "))
            else:
                print(f"PASS {name}")
    print(f"{len(checks) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
