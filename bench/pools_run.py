#!/usr/bin/env python3
"""Runs the pool experiments (bench/pools/*.lua) and their CPython peers
(bench/peers/pool_*.py), and prints the figures as markdown tables.

    bench/pools_run.py                  # 3 rounds, tables on stdout
    bench/pools_run.py --quick          # short runs, 1 round: a smoke test
    bench/pools_run.py --write          # also write docs/interpreters-figures.md
    bench/pools_run.py --wait-idle 60   # on a shared machine: each program waits for idle CPUs

The experiments, each a program that prints one JSON line:

  1. cpu_split    fixed CPU work in a pool of 1 worker, then split over 2:
                  executor.threads / processes / interpreters, CPython's
                  ThreadPoolExecutor / ProcessPoolExecutor
  2. ticker_lag   an event loop's 1 ms ticker while K = 0, 2, 4 CPU-bound
                  jobs run in each kind of pool (CPython: asyncio and
                  run_in_executor)
     wakeup       the same without gilvm (gilvm_bench_wakeup): a C++ thread
                  sleeping 1 ms at a time beside K spinning processes at
                  nice 0 and at the workers' nice +2: the scheduler's share
  3. overheads    a worker's start-up, a tiny job's round trip, tiny jobs
                  per second (10,000) for each kind of pool
  4. marshal      gilvm_bench_marshal (encode and decode in this process),
                  and a 1 MB table through a pool each way (CPython: pickle,
                  and the same list through a ProcessPoolExecutor)

Within each round every experiment runs all its gilvm configurations and
then its CPython peers, so drifting machine load hits both alike; the
tables show the median over rounds of each figure. Progress goes to stderr.
"""

import time
from pathlib import Path

from benchlib import REPO_ROOT, driver_main, fmt, log, run_json, run_output, table, verdict

LUA_DIR = REPO_ROOT / "bench" / "pools"
PEER_DIR = REPO_ROOT / "bench" / "peers"
FIGURES = REPO_ROOT / "docs" / "interpreters-figures.md"

KINDS = ["threads", "processes", "interpreters"]
PEER_KINDS = ["threads", "processes"]
TICKER_JOBS = [0, 2, 4]
WORKER_NICENESS = 2  # kWorkerNiceness, loop/worker.h

# Work sizes: (full run, --quick run).
SIZES = {
    "cpu_iterations": (60_000_000, 4_000_000),
    "cpu_iterations_py": (15_000_000, 2_000_000),
    "ticker_seconds": (2.0, 0.5),
    "tasks": (10_000, 2_000),
    "trip_runs": (9, 3),
    "marshal_runs": (15, 5),
}


def idle_fraction(seconds=0.5):
    """The share of all CPUs' time that was idle over the next `seconds`."""
    def sample():
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return fields[3] + fields[4], sum(fields)  # idle + iowait, total
    idle0, total0 = sample()
    time.sleep(seconds)
    idle1, total1 = sample()
    return (idle1 - idle0) / max(1, total1 - total0)


class Runner:
    def __init__(self, args):
        self.gilvm = Path(args.gilvm)
        self.python = args.python
        self.quick = args.quick
        self.wait_idle_s = args.wait_idle
        self.busy_runs = 0  # programs that ran on a machine that did not become idle

    def wait_for_idle_machine(self):
        """On a shared machine, waits (at most --wait-idle seconds) until the
        CPUs are 90% idle, so that the experiment gets the cores it counts on."""
        if self.wait_idle_s <= 0:
            return
        deadline = time.monotonic() + self.wait_idle_s
        while idle_fraction() < 0.9:
            if time.monotonic() > deadline:
                log("  (the machine is busy; running anyway)")
                self.busy_runs += 1
                return
            time.sleep(1)

    def size(self, name):
        return SIZES[name][1 if self.quick else 0]

    def run(self, argv):
        self.wait_for_idle_machine()
        return run_output(argv)

    def run_json(self, argv):
        self.wait_for_idle_machine()
        return run_json(argv)

    def lua(self, script, *script_args):
        return self.run_json([self.gilvm, LUA_DIR / f"{script}.lua", *script_args])

    def peer(self, script, *script_args):
        return self.run_json([self.python, PEER_DIR / f"{script}.py", *script_args])


# --- the experiments: one round each, returning {config: figures} -----------------------

def each_pool(r, script, size, peer_size):
    """script.lua for each kind of pool, then its CPython peer pool_script.py."""
    out = {kind: r.lua(script, kind, r.size(size)) for kind in KINDS}
    for kind in PEER_KINDS:
        out[f"cpython {kind}"] = r.peer(f"pool_{script}", kind, r.size(peer_size))
    return out


def cpu_split(r):
    return each_pool(r, "cpu_split", "cpu_iterations", "cpu_iterations_py")


def ticker_lag(r):
    out = {}
    seconds = r.size("ticker_seconds")
    for jobs in TICKER_JOBS:
        for kind in KINDS if jobs else ["processes"]:
            out[f"{kind} {jobs}"] = r.lua("ticker_lag", kind, jobs, seconds)
        for kind in PEER_KINDS if jobs else ["processes"]:
            out[f"cpython {kind} {jobs}"] = r.peer("pool_ticker_lag", kind, jobs, seconds)
    return out


def wakeup(r):
    out = {}
    bench = r.gilvm.parent / "gilvm_bench_wakeup"
    for hogs in TICKER_JOBS:
        for nice in [0, WORKER_NICENESS] if hogs else [0]:
            out[f"{hogs} {nice}"] = r.run_json([bench, hogs, nice, r.size("ticker_seconds")])
    return out


def overheads(r):
    return each_pool(r, "overheads", "tasks", "tasks")


def marshal(r):
    out = {}
    bench = r.gilvm.parent / "gilvm_bench_marshal"
    for line in r.run([bench, r.size("marshal_runs")]).splitlines():
        words = line.split()
        if len(words) == 7 and words[2] == "MB" and words[4] == "MB/s":
            out[f"bench {words[0]}"] = {"message_mb": float(words[1]),
                                        "encode_mb_per_s": float(words[3]),
                                        "decode_mb_per_s": float(words[5])}
    for kind in ["processes", "interpreters"]:
        out[kind] = r.lua("marshal_trip", kind, r.size("trip_runs"))
    out["cpython"] = r.peer("pool_marshal_trip", r.size("trip_runs"))
    return out


EXPERIMENTS = {
    "cpu_split": cpu_split,
    "ticker_lag": ticker_lag,
    "wakeup": wakeup,
    "overheads": overheads,
    "marshal": marshal,
}


# --- the tables ---------------------------------------------------------------------------

def runtime_of(config):
    kind = config.split()[-1] if config.startswith("cpython") else config
    if config.startswith("cpython"):
        return {"threads": "CPython ThreadPoolExecutor",
                "processes": "CPython ProcessPoolExecutor"}[kind]
    return f"gilvm executor.{kind}"


def tables(fig):
    parts = []

    cpu = fig["cpu_split"]
    rows = []
    for config in KINDS + [f"cpython {k}" for k in PEER_KINDS]:
        c = cpu[config]
        if config in ("processes", "interpreters"):
            target = f"≥ 1.8x: {verdict(c['speedup'] >= 1.8)}"
        elif config == "threads":
            target = f"about 1x: {verdict(0.8 <= c['speedup'] <= 1.2)}"
        else:
            target = "anchor 1.8x (2 processes), 0.99x (threads)"
        rows.append([runtime_of(config), fmt(c["t1"], ".3f"), fmt(c["t2"], ".3f"),
                     fmt(c["speedup"]) + "x", target])
    parts.append("## 1. CPU-bound work in a pool of 1, then split over 2 (cpu_split)\n\n"
                 "Speed-up t1/t2 with both pools warm (start-up not counted): 2.0 means the "
                 "second worker doubles the throughput.\n\n" +
                 table(["pool", "1 worker s", "2 workers s", "speed-up", "target"], rows))

    lag = fig["ticker_lag"]
    rows = []
    for jobs in TICKER_JOBS:
        configs = [f"{k} {jobs}" for k in (KINDS if jobs else ["processes"])]
        configs += [f"cpython {k} {jobs}" for k in (PEER_KINDS if jobs else ["processes"])]
        for config in configs:
            c = lag[config]
            kind = config.rsplit(" ", 1)[0]
            if jobs == 0:
                pool = "(none: idle loop)" if not kind.startswith("cpython") else "(none: asyncio)"
            else:
                pool = runtime_of(kind)
            target = ""
            if kind == "processes" and jobs:
                target = f"p99 ≤ 1 ms: {verdict(c['p99_ms'] <= 1.0)}"
            rows.append([pool, str(jobs), fmt(c["p50_ms"], ".3f"), fmt(c["p99_ms"], ".3f"),
                         fmt(c["max_ms"], ".2f"), fmt(c["samples"], ".0f"), target])
    parts.append("## 2. A 1 ms loop ticker while K CPU-bound jobs run in a pool (ticker_lag)\n\n"
                 "How late the ticker's 1 ms sleeps end (loop.lag(); CPython: asyncio.sleep's "
                 "lateness), with K jobs spinning in the pool. Anchor (CPython 3.11, "
                 "ThreadPoolExecutor): idle p99 0.21 ms; K=2 p50 36 / p99 115 ms; K=4 p99 "
                 "250 ms; ProcessPoolExecutor K=2 p99 0.29 ms.\n\n" +
                 table(["pool", "K", "lag p50 ms", "lag p99 ms", "max ms", "ticks", "target"],
                       rows))

    wk = fig["wakeup"]
    rows = []
    for hogs in TICKER_JOBS:
        for nice in [0, WORKER_NICENESS] if hogs else [0]:
            c = wk[f"{hogs} {nice}"]
            rows.append([str(hogs), f"+{nice}" if nice else "0", fmt(c["p50_ms"], ".3f"),
                         fmt(c["p99_ms"], ".3f"), fmt(c["max_ms"], ".2f")])
    parts[-1] += ("\n\nThe scheduler's share, without gilvm (gilvm_bench_wakeup): a C++ thread "
                  "that sleeps 1 ms at a time beside K processes that spin at a niceness; the "
                  f"pools' workers run at +{WORKER_NICENESS} (loop/worker.h).\n\n" +
                  table(["K spinning", "their nice", "lag p50 ms", "lag p99 ms", "max ms"], rows))

    ov = fig["overheads"]
    rows = []
    cpython_rate = ov["cpython processes"]["tasks_per_s"]
    for config in KINDS + [f"cpython {k}" for k in PEER_KINDS]:
        c = ov[config]
        target = ""
        if config == "processes":
            ratio = c["tasks_per_s"] / cpython_rate
            target = f"≥ 2x CPython's processes: {verdict(ratio >= 2)} ({ratio:.1f}x)"
        rows.append([runtime_of(config), fmt(c["startup_ms"], ".3f"), fmt(c["first_job_ms"], ".3f"),
                     fmt(c["rtt_us"], ".1f"), fmt(c["tasks_per_s"], ",.0f"), target])
    spawn_rows = [["gilvm thread.spawn + join", fmt(ov["threads"]["thread_spawn_join_us"], ".1f")],
                  ["CPython threading.Thread start + join",
                   fmt(ov["cpython threads"]["thread_spawn_join_us"], ".1f")]]
    parts.append("## 3. Overheads: start-up, round trip, throughput (overheads)\n\n"
                 "start-up: a fresh pool of one worker's time to its first result, less the "
                 "time to its second (starting a thread, a subinterpreter, a worker process), "
                 "median of 20 pools. Round trip: a tiny job (x + 1) submitted and waited for, "
                 "one at a time, on a warm pool of two (median of 2,000). Throughput: "
                 f"{ov['processes']['tasks']:,} tiny jobs submitted, then all waited for, on a "
                 "warm pool of two (median of 3). Anchor (CPython 3.11): ThreadPoolExecutor(2) "
                 "66k tasks/s, p50 59 µs; ProcessPoolExecutor(2) 7.5k tasks/s, p50 199 µs.\n\n" +
                 table(["pool", "start-up ms", "first job ms", "round trip µs", "tasks/s",
                        "target"], rows) +
                 "\n\nFor scale, starting and joining one thread directly:\n\n" +
                 table(["", "µs"], spawn_rows))

    ma = fig["marshal"]
    rows = []
    for workload in ("mixed", "records"):
        b = ma.get(f"bench {workload}")
        if b:
            rows.append([f"gilvm marshal, {workload}", fmt(b["message_mb"], ".2f"),
                         fmt(b["encode_mb_per_s"], ".0f"), fmt(b["decode_mb_per_s"], ".0f")])
    py = ma["cpython"]
    rows.append(["CPython pickle, mixed", fmt(py["pickle_mb"], ".2f"),
                 fmt(py["dumps_mb_per_s"], ".0f"), fmt(py["loads_mb_per_s"], ".0f")])
    speed = table(["codec, workload", "message MB", "encode MB/s", "decode MB/s"], rows)
    size = ma.get("bench mixed", {}).get("message_mb")
    rows = []
    for config, label in [("processes", "gilvm executor.processes"),
                          ("interpreters", "gilvm executor.interpreters"),
                          ("cpython", "CPython ProcessPoolExecutor")]:
        c = ma[config]
        mb = py["pickle_mb"] if config == "cpython" else size
        rows.append([label, fmt(c["to_ms"], ".1f"),
                     fmt(mb / c["to_ms"] * 1e3 if mb and c["to_ms"] > 0 else None, ".0f"),
                     fmt(c["from_ms"], ".1f"),
                     fmt(mb / c["from_ms"] * 1e3 if mb and c["from_ms"] > 0 else None, ".0f")])
    trip = table(["pool", "to the worker ms", "MB/s", "back ms", "MB/s"], rows)
    parts.append("## 4. Marshalling a 1 MB table (marshal)\n\n"
                 "### In one process (build/gil/gilvm_bench_marshal; CPython: pickle)\n\n"
                 "Thread CPU time (gilvm) or process CPU time (CPython), median of the runs; "
                 "MB = 10^6 bytes of message. mixed: 100,000 integers, floats and distinct "
                 "strings; records: 20,000 small tables.\n\n" + speed +
                 "\n\n### Through a pool, each way (marshal_trip)\n\n"
                 "The mixed table as a job's argument (the job returns its length) and as its "
                 "result (the worker built it once): the median round trip less a tiny job's. "
                 "That is the encoding, the transfer and the decoding, one after the other; "
                 "MB/s of message.\n\n" + trip)
    return "\n\n".join(parts) + "\n"


def add_wait_idle_option(parser):
    parser.add_argument("--wait-idle", type=float, default=0, metavar="SECONDS",
                        help="before each program, wait at most this long for the CPUs to be "
                        "90%% idle (for a shared machine)")


def wait_idle_note(args, runner):
    if args.wait_idle <= 0:
        return ""
    return (f"- each program waited for 90% idle CPUs (at most {args.wait_idle:g} s); "
            f"{runner.busy_runs} ran on a busy machine anyway\n")


def main():
    driver_main(__doc__, "bench/pools_run.py", "Pool figures: processes and subinterpreters",
                EXPERIMENTS, Runner, tables, FIGURES, add_options=add_wait_idle_option,
                about="docs/interpreters.md explains them",
                load_note="other work on the machine takes cores from the workers and delays "
                "wake-ups", notes=wait_idle_note)


if __name__ == "__main__":
    main()
