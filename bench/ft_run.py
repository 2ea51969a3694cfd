#!/usr/bin/env python3
"""Runs the free-threading experiments (bench/ft/*.lua) on the GIL build,
the free-threaded build and the free-threaded build with its GIL turned back
on, and prints the figures as markdown tables.

    bench/ft_run.py                  # 3 rounds, tables on stdout
    bench/ft_run.py --quick          # short runs, 1 round: a smoke test
    bench/ft_run.py --write          # also write docs/free-threading-figures.md
    bench/ft_run.py --gilvm-ft PATH  # another free-threaded program
                                     # (default build/ft/gilvm-ft)

The configurations: `gilvm` (the GIL build), `gilvm-ft` (no GIL, once the
free-threaded runtime is in; each row shows what gil.enabled() said) and
`gilvm-ft --gil=on`. The experiments, each a program that prints one JSON
line:

  1. scaling        fixed CPU-bound work (reading shared globals, module
                    tables, a shared string and table) split over 1, 2, 4
                    and 8 threads: wall time, throughput, speed-up over 1;
                    and, as the machine's own ceiling, the same work split
                    over N separate one-thread gilvm processes started
                    together (they share nothing, so what they fall short
                    of N is the hardware's doing)
  2. contention     one shared table: appends under a sync.lock, and
                    distinct keys written with no lock; operations per second
                    over 1, 2, 4 and 8 threads
  3. single_thread  the cost of free threading to one thread: bench/*.lua
                    run by the GIL build and by gilvm-ft, interleaved, with
                    bench/run.py's own timing (the table of `make bench-ft`,
                    with the driver's rounds)

Within each round every experiment runs all its configurations for one
thread count before the next count, so drifting machine load hits them
alike; a speed-up is computed within its round. The tables show the median
over rounds of each figure. Progress goes to stderr.
"""

import argparse
import json
import math
import os
import subprocess
import sys
import time

from benchlib import REPO_ROOT, driver_main, fmt, log, run_json, table, verdict
from run import BENCH_DIR, run_once

LUA_DIR = REPO_ROOT / "bench" / "ft"
FIGURES = REPO_ROOT / "docs" / "free-threading-figures.md"
DEFAULT_FT = "build/ft/gilvm-ft"

CONFIGS = ["gilvm", "gilvm-ft", "gilvm-ft --gil=on"]
PROCESSES = "N gilvm processes"  # the scaling experiment's hardware ceiling
THREADS = [1, 2, 4, 8]
MODES = ["locked", "distinct"]

# Work sizes: (full run, --quick run).
SIZES = {
    "scaling_iterations": (10_000_000, 2_000_000),
    "contention_operations": (4_000_000, 1_000_000),
}
# The single-thread programs of bench/: all of them, or a few with --quick.
QUICK_PROGRAMS = ["closures", "fib", "sort", "string_build"]


def take_gilvm_ft_option():
    """--gilvm-ft is this driver's own option: take it off the command line
    before driver_main parses the options every driver shares."""
    # No abbreviations: --gilvm (driver_main's option) must not pass for --gilvm-ft.
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--gilvm-ft", default=DEFAULT_FT)
    own, rest = parser.parse_known_args(sys.argv[1:])
    sys.argv[1:] = rest
    path = own.gilvm_ft
    return str(REPO_ROOT / path) if not os.path.isabs(path) else path


GILVM_FT = take_gilvm_ft_option()


def shown(program):
    """A program's path as the tables show it: relative to the repository."""
    path = os.path.abspath(program)
    inside = path.startswith(str(REPO_ROOT) + os.sep)
    return os.path.relpath(path, REPO_ROOT) if inside else path


def version(program):
    return subprocess.run([str(program), "-v"], capture_output=True, text=True).stdout.strip()


class Runner:
    def __init__(self, args):
        for program in (args.gilvm, GILVM_FT):
            if not os.access(program, os.X_OK):
                sys.exit(f"bench/ft_run.py: {program} is not an executable program; build both: "
                         "cmake --preset gil && cmake --build --preset gil; "
                         "cmake --preset ft && cmake --build --preset ft")
        self.argv = {
            "gilvm": [args.gilvm],
            "gilvm-ft": [GILVM_FT],
            "gilvm-ft --gil=on": [GILVM_FT, "--gil=on"],
        }
        self.quick = args.quick
        self.versions = {"gilvm": f"{shown(args.gilvm)}: {version(args.gilvm)}",
                         "gilvm-ft": f"{shown(GILVM_FT)}: {version(GILVM_FT)}"}

    def size(self, name):
        return SIZES[name][1 if self.quick else 0]

    def lua(self, config, script, *script_args):
        return run_json(self.argv[config] + [LUA_DIR / f"{script}.lua", *script_args],
                        timeout_s=300)

    def processes(self, n, iterations):
        """The scaling work split over n one-thread gilvm processes started
        together: the wall time from the first start to the last exit (each
        process checks its own sums, as scaling.lua does)."""
        argv = [self.argv["gilvm"][0], str(LUA_DIR / "scaling.lua"), "1", str(iterations // n)]
        log(f"  {n} x " + " ".join(shown(a) for a in argv))
        t0 = time.monotonic()
        procs = [subprocess.Popen(argv, cwd=REPO_ROOT, stdin=subprocess.DEVNULL,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(n)]
        outputs = [p.communicate(timeout=300) for p in procs]
        seconds = time.monotonic() - t0
        for p, (out, err) in zip(procs, outputs):
            if p.returncode != 0:
                raise RuntimeError(f"scaling process exited with status {p.returncode}:\n{err}")
            json.loads(out.strip().splitlines()[-1])
        total = iterations // n * n
        return {"gil": True, "seconds": seconds, "per_s": total / seconds}


# --- the experiments: one round each, returning {config: figures} -----------------------

def scaling(r):
    out = {}
    iterations = r.size("scaling_iterations")
    for n in THREADS:
        for config in CONFIGS:
            out[f"{config} {n}"] = r.lua(config, "scaling", n, iterations)
        out[f"{PROCESSES} {n}"] = r.processes(n, iterations)
    checksums = {res["checksum"] for key, res in out.items() if not key.startswith(PROCESSES)}
    if len(checksums) != 1:
        raise RuntimeError(f"scaling: the configurations computed different sums: {checksums}")
    for config in CONFIGS + [PROCESSES]:
        t1 = out[f"{config} 1"]["seconds"]
        for n in THREADS:
            out[f"{config} {n}"]["speedup"] = t1 / out[f"{config} {n}"]["seconds"]
    out["versions"] = dict(r.versions)
    return out


def contention(r):
    out = {}
    operations = r.size("contention_operations")
    for mode in MODES:
        for n in THREADS:
            for config in CONFIGS:
                out[f"{mode} {config} {n}"] = r.lua(config, "contention", mode, n, operations)
    return out


def single_thread(r):
    """One run of each bench/*.lua program by each build, gilvm first; the
    two must print the same checksum."""
    scripts = sorted(BENCH_DIR.glob("*.lua"))
    if r.quick:
        scripts = [s for s in scripts if s.stem in QUICK_PROGRAMS]
    out = {}
    ratios = []
    for script in scripts:
        log(f"  {script.stem}: gilvm, gilvm-ft")
        gil = run_once([str(r.argv["gilvm"][0])], script, 120)
        ft = run_once([str(GILVM_FT)], script, 120)
        if gil.stdout != ft.stdout:
            raise RuntimeError(f"single_thread: {script.stem} printed different checksums:\n"
                               f"  gilvm: {gil.stdout!r}\n  gilvm-ft: {ft.stdout!r}")
        out[script.stem] = {"gil_s": gil.cpu_s, "ft_s": ft.cpu_s, "ratio": ft.cpu_s / gil.cpu_s,
                            "rss_ratio": ft.peak_rss_kib / gil.peak_rss_kib}
        ratios.append(ft.cpu_s / gil.cpu_s)
    out["geometric mean"] = {"ratio": math.exp(sum(map(math.log, ratios)) / len(ratios))}
    return out


EXPERIMENTS = {
    "scaling": scaling,
    "contention": contention,
    "single_thread": single_thread,
}


# --- the tables ---------------------------------------------------------------------------

def gil_column(res):
    return "on" if res["gil"] else "**off**"


def scaling_target(config, n, res, ceiling):
    if config == PROCESSES:
        return "the machine's ceiling" if n == 2 else ""
    if config == "gilvm-ft" and not res["gil"]:
        of_ceiling = f"{res['speedup'] / ceiling['speedup']:.0%} of the ceiling"
        if n != 2:
            return of_ceiling if n == 4 else ""
        return f"≥ 1.8x: {verdict(res['speedup'] >= 1.8)} ({of_ceiling})"
    if n != 2:
        return ""
    if config == "gilvm-ft":
        return "≥ 1.8x once it runs without a GIL"
    return f"≈ 1x (0.8–1.2x): {verdict(0.8 <= res['speedup'] <= 1.2)}"


def tables(fig):
    parts = []

    sc = fig["scaling"]
    versions = sc["versions"]
    ft_free = not sc["gilvm-ft 2"]["gil"]
    status = ("gilvm-ft ran without a GIL (`gil.enabled()` false)." if ft_free else
              "**gilvm-ft ran with a GIL** (`gil.enabled()` true): the build measured here did "
              "not yet have the free-threaded runtime, so its rows show what a GIL gives, about "
              "1x, and are no measure of free threading.")
    rows = []
    for config in CONFIGS + [PROCESSES]:
        for n in THREADS:
            res = sc[f"{config} {n}"]
            rows.append([config, gil_column(res), str(n), fmt(res["seconds"], ".3f"),
                         fmt(res["per_s"] / 1e6, ".2f"), fmt(res["speedup"], ".2f") + "x",
                         scaling_target(config, n, res, sc[f"{PROCESSES} {n}"])])
    iterations = fmt(sc["gilvm 1"]["iterations"], ",.0f")
    parts.append("## 1. CPU-bound threads (scaling)\n\n"
                 f"- gilvm: {versions['gilvm']}\n- gilvm-ft: {versions['gilvm-ft']}\n\n"
                 f"{status}\n\n"
                 f"A fixed total of {iterations} iterations split evenly over N threads (so the "
                 "ideal speed-up is min(N, cores); 4 and 8 threads oversubscribe the cores). Each "
                 "iteration calls a global function and reads `math.floor`, `string.byte` of a "
                 "shared string and a shared table of constants, all through `_ENV`. Every "
                 "thread's sum is checked against the one computed from a period of the "
                 "sequence. Speed-up: the 1-thread time of the same configuration and round "
                 "over the N-thread time. The last rows are the machine's own ceiling: the same "
                 "work split over N separate one-thread `gilvm` processes started together "
                 "(wall time from the first start to the last exit). They share nothing, not "
                 "even an allocator, so what they fall short of min(N, cores) is the hardware's "
                 "doing; \"of the ceiling\" is gilvm-ft's speed-up over theirs.\n\n" +
                 table(["configuration", "GIL", "threads", "seconds", "M iterations/s",
                        "speed-up", "target"], rows))

    ct = fig["contention"]
    rows = []
    for mode in MODES:
        for config in CONFIGS:
            for n in THREADS:
                res = ct[f"{mode} {config} {n}"]
                one = ct[f"{mode} {config} 1"]
                rows.append([mode, config, gil_column(res), str(n),
                             fmt(res["per_s"] / 1e6, ".2f"),
                             fmt(res["per_s"] / one["per_s"], ".2f") + "x"])
    operations = fmt(ct["locked gilvm 1"]["operations"], ",.0f")
    parts.append("## 2. One shared table (contention)\n\n"
                 f"{operations} writes in all, split over N threads. `locked`: appends "
                 "`t[#t + 1] = v`, each under one `sync.lock` (checked: `#t` and every value "
                 "once). `distinct`: thread w of N writes keys w, w + N, w + 2N, ... with no "
                 "lock, so the table grows and rehashes under all of them (checked: every key "
                 "holds its writer's value, `pairs` counts them all). Relative: throughput over "
                 "the same configuration's 1-thread throughput (ratios of medians).\n\n" +
                 table(["mode", "configuration", "GIL", "threads", "M ops/s", "relative"], rows))

    st = fig["single_thread"]
    rows = []
    for program, res in st.items():
        if program == "geometric mean":
            continue
        rows.append([program, fmt(res["gil_s"], ".3f"), fmt(res["ft_s"], ".3f"),
                     fmt(res["ratio"], ".2f"), fmt(res["rss_ratio"], ".2f")])
    rows.append(["**geometric mean**", "", "", fmt(st["geometric mean"]["ratio"], ".2f"), ""])
    parts.append("## 3. One thread: what free threading costs (single_thread)\n\n"
                 "The programs of bench/ run by each build, one after the other in each round "
                 "(bench/run.py's timing: CPU time, user + system, start-up included; both must print the "
                 "same checksum). Ratio: gilvm-ft over gilvm, above 1 means the free-threaded "
                 "build is slower. `make bench-ft` gives the same comparison with five "
                 "interleaved runs a program.\n\n" +
                 table(["program", "gilvm s", "gilvm-ft s", "ratio", "RSS ratio"], rows))
    return "\n\n".join(parts) + "\n"


def main():
    driver_main(__doc__, "bench/ft_run.py", "Free-threading figures", EXPERIMENTS, Runner,
                tables, FIGURES)


if __name__ == "__main__":
    main()
