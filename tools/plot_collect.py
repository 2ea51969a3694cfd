#!/usr/bin/python3
"""plot_collect.py — runs the bench programs behind gilvm's pictures and keeps
what they printed in docs/img/data/, one JSON file per picture, so that
tools/plot_draw.py can draw them again without running anything.

    tools/plot_collect.py                    # every picture: about 2 minutes on 2 cores
    tools/plot_collect.py loop_lag           # one of them
    tools/plot_collect.py --quick --out DIR  # short runs (how tests/data/plots was made)

The pictures, and what each one runs:

  speedup          bench/pools/cpu_split.lua KIND ITERATIONS N, N = 2 and 4, for
                   four ways of running: threads on the GIL build, threads on
                   gilvm-ft, subinterpreters, worker processes; three rounds
  loop_lag         bench/pools/ticker_lag.lua KIND 2 SECONDS samples: every
                   lateness of a 1 ms ticker on the event loop while 2 CPU-bound
                   jobs run in a pool (threads under `interval` and under
                   `priority`, processes, subinterpreters, gilvm-ft's threads),
                   and with no jobs at all
  switch_interval  bench/gil/switch_interval.lua with --trace over a sweep of
                   --switch-interval: the two workers' GIL waits, read from the
                   trace, and their throughput; three rounds
  gil_timeline     the --trace file of a short switch_interval.lua run itself,
                   for tools/trace_plot.py

Each file records the command, the date, the commit and the machine (cores and
load average before and after: with every core busy, wake-ups wait for the
scheduler and latencies grow). A trace keeps that record in its "otherData",
which the Trace Event format leaves to the producer.
"""

import argparse
import datetime
import json
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "bench"))
from benchlib import log, machine_record, run_json  # noqa: E402

DATA_DIR = REPO_ROOT / "docs" / "img" / "data"

# Sizes: (full run, --quick run).
SIZES = {
    "rounds": (3, 1),
    "cpu_iterations": (20_000_000, 1_000_000),
    "ticker_seconds": (3.0, 0.3),
    "spin_iterations": (20_000_000, 1_000_000),
    "timeline_iterations": (4_000_000, 400_000),
}
WORKERS = [2, 4]  # one worker is every run's own baseline
SWITCH_INTERVALS = [0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05]
QUICK_SWITCH_INTERVALS = [0.0005, 0.005]
TIMELINE_INTERVAL = 0.005

# The ways of running CPU-bound work: (name, build, pool kind).
SPEEDUP_WAYS = [
    ("threads, GIL build", "gil", "threads"),
    ("threads, free-threaded build", "free-threaded", "threads"),
    ("subinterpreters", "gil", "interpreters"),
    ("worker processes", "gil", "processes"),
]

# The ticker's neighbours: (name, build, GIL policy or None, pool kind, jobs).
LOOP_LAG_CONFIGS = [
    ("no jobs", "gil", None, "threads", 0),
    ("thread pool, interval", "gil", "interval", "threads", 2),
    ("thread pool, priority", "gil", "priority", "threads", 2),
    ("process pool", "gil", None, "processes", 2),
    ("subinterpreter pool", "gil", None, "interpreters", 2),
    ("thread pool, free-threaded build", "free-threaded", None, "threads", 2),
]


class CollectError(Exception):
    pass


def bench_json(argv, expect_build):
    """Runs a bench program that prints one JSON line and checks that the
    binary was the build the picture names."""
    try:
        result = run_json(argv, timeout_s=300)
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as e:
        raise CollectError(str(e)) from e
    if result.get("build") != expect_build:
        raise CollectError(f"{argv[0]} is the {result.get('build')!r} build; this figure needs "
                           f"the {expect_build!r} build")
    return result


def cpu_split(binary, build, kind, iterations, workers):
    """bench/pools/cpu_split.lua: t1 and tN (seconds) and the speed-up t1/tN."""
    result = bench_json([binary, REPO_ROOT / "bench/pools/cpu_split.lua", kind, iterations,
                         workers], build)
    if result.get("workers") != workers or not result.get(f"t{workers}"):
        raise CollectError(f"cpu_split.lua printed no time for {workers} workers: {result}")
    return result


def ticker_samples(binary, build, policy, kind, jobs, seconds):
    """bench/pools/ticker_lag.lua with `samples`: every tick's lateness (ms)."""
    options = [f"--gil-policy={policy}"] if policy else []
    result = bench_json([binary, *options, REPO_ROOT / "bench/pools/ticker_lag.lua", kind, jobs,
                         seconds, "samples"], build)
    samples = result.get("lag_ms")
    if not isinstance(samples, list) or not samples:
        raise CollectError(f"ticker_lag.lua printed no lag samples: {result}")
    return result


def gil_waits_ms(trace_path, tids):
    """How long threads `tids` waited for the GIL each time, from the "GIL
    wait" spans of a --trace file."""
    events = json.loads(Path(trace_path).read_text())["traceEvents"]
    return [e["dur"] / 1e3 for e in events
            if e.get("ph") == "X" and e.get("name") == "GIL wait" and e.get("tid") in tids]


class Collector:
    def __init__(self, args, tmp):
        self.binaries = {"gil": args.gilvm, "free-threaded": args.gilvm_ft}
        self.quick = args.quick
        self.tmp = tmp  # a directory for traces

    def size(self, name):
        return SIZES[name][1 if self.quick else 0]

    def speedup(self):
        runs = []
        for k in range(self.size("rounds")):
            for way, build, kind in SPEEDUP_WAYS:
                for n in WORKERS:
                    log(f"round {k + 1}: {way}, {n} workers")
                    result = cpu_split(self.binaries[build], build, kind,
                                       self.size("cpu_iterations"), n)
                    runs.append({"way": way, "round": k + 1, **result})
        return {"runs": runs}

    def loop_lag(self):
        runs = []
        for name, build, policy, kind, jobs in LOOP_LAG_CONFIGS:
            log(f"ticker beside: {name}")
            result = ticker_samples(self.binaries[build], build, policy, kind, jobs,
                                    self.size("ticker_seconds"))
            runs.append({"config": name, **result})
        return {"seconds": self.size("ticker_seconds"), "runs": runs}

    def switch_interval(self):
        runs = []
        intervals = QUICK_SWITCH_INTERVALS if self.quick else SWITCH_INTERVALS
        for k in range(self.size("rounds")):
            for interval in intervals:
                log(f"round {k + 1}: switch interval {interval * 1e3:g} ms")
                trace = self.tmp / "switch_interval.json"
                result = bench_json([self.binaries["gil"], f"--switch-interval={interval:g}",
                                     f"--trace={trace}",
                                     REPO_ROOT / "bench/gil/switch_interval.lua",
                                     self.size("spin_iterations")], "gil")
                waits = gil_waits_ms(trace, set(result["workers"]))
                runs.append({"round": k + 1, "iterations": 2 * self.size("spin_iterations"),
                             **result, "waits_ms": [round(w, 4) for w in waits]})
        return {"runs": runs}

    def gil_timeline(self):
        """The trace itself is the data file: trace_plot.py reads it as it
        reads any other."""
        trace = self.tmp / "gil_timeline.json"
        result = bench_json([self.binaries["gil"], f"--switch-interval={TIMELINE_INTERVAL:g}",
                             f"--trace={trace}", REPO_ROOT / "bench/gil/switch_interval.lua",
                             self.size("timeline_iterations")], "gil")
        document = json.loads(trace.read_text())
        document["otherData"] = {"bench": result}
        return document


FIGURES = ["speedup", "loop_lag", "switch_interval", "gil_timeline"]


def json_lines(document):
    """`document` (a JSON object) with each member, and each item of a list
    member, on a line of its own: small diffs when a figure is re-collected."""
    def member(value):
        if isinstance(value, list):
            return "[\n" + ",\n".join(json.dumps(v, separators=(",", ":")) for v in value) + "\n]"
        return json.dumps(value, separators=(",", ":"))
    return "{" + ",\n".join(f"{json.dumps(k)}:{member(v)}" for k, v in document.items()) + "}\n"


def commit():
    run = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=REPO_ROOT,
                         capture_output=True, text=True)
    return run.stdout.strip() or None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gilvm", default=str(REPO_ROOT / "build/gil/gilvm"),
                        help="the GIL build (default build/gil/gilvm)")
    parser.add_argument("--gilvm-ft", default=str(REPO_ROOT / "build/ft/gilvm-ft"),
                        help="the free-threaded build (default build/ft/gilvm-ft)")
    parser.add_argument("--quick", action="store_true", help="short runs, one round")
    parser.add_argument("--out", type=Path, default=DATA_DIR,
                        help="where the JSON files go (default docs/img/data)")
    parser.add_argument("figures", nargs="*", metavar="FIGURE",
                        help=f"a selection of {', '.join(FIGURES)} (default: all)")
    args = parser.parse_args()
    for name in args.figures:
        if name not in FIGURES:
            parser.error(f"unknown figure {name!r}; expected one of {', '.join(FIGURES)}")
    for binary in (args.gilvm, args.gilvm_ft):
        if not Path(binary).is_file():
            parser.error(f"{binary} does not exist: build it first (make build-gil build-ft)")

    command = shlex.join(["tools/plot_collect.py", *sys.argv[1:]])
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="plot_collect.") as tmp:
        return collect(Collector(args, Path(tmp)), args.figures or FIGURES, command, args.out)


def collect(collector, figures, command, out):
    for name in figures:
        log(f"== {name}")
        date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        machine = machine_record()
        try:
            data = getattr(collector, name)()
        except CollectError as e:
            print(f"plot_collect.py: {name}: {e}", file=sys.stderr)
            return 1
        recorded = {"command": command, "date": date, "commit": commit(), "machine": machine,
                    "load_after": machine_record()["load"]}
        if name == "gil_timeline":
            data["otherData"]["recorded"] = recorded
        else:
            data = {"figure": name, "recorded": recorded, **data}
        path = out / f"{name}.json"
        path.write_text(json_lines(data), encoding="utf-8")
        log(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
