#!/usr/bin/env python3
"""Runs the HTTP service demo under load: scripts/http_service.lua on gilvm
and the seed's FastAPI app under uvicorn (bench/peers/http_service.py),
each driven the same way by scripts/http_load.py, and prints the figures as
markdown.

    bench/http_run.py                  # 3 rounds, tables on stdout (about 8 minutes)
    bench/http_run.py --quick          # short phases, 1 round: a smoke test
    bench/http_run.py --write          # also write docs/http-figures.md

The services, each an "experiment" of its own (name some to run only those):

  os_floor              not a service: how late the OS alone wakes a sleeping
                        C thread, which says how busy the machine is
  gilvm_interval        the GIL build, default policy, the Lua job
  gilvm_priority        the same under --gil-policy=priority
  gilvm_hold            --job hold: work.hold_gil, a native call that keeps
  gilvm_hold_priority   the GIL for the whole job (the pow analogue)
  gilvm_ft              the free-threaded build (its thread pool has no GIL)
  fastapi_pow           FastAPI, the seed's job: pow(365, 1_000_000)
  fastapi_python        FastAPI, the job as interpreted Python arithmetic

Each runs every phase of scripts/http_load.py (the job alone; /ping idle,
beside the thread pool, the process pool, /jobs, and at a fixed rate beside
the process pool); the last four, whose jobs differ only in the thread pool,
run the job alone and the thread-pool phase. Each round runs every service
once, so drifting load hits all alike; the tables show medians over rounds.
Progress goes to stderr.
"""

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import REPO_ROOT, driver_main, fmt, log, run_json, table, verdict

FIGURES = REPO_ROOT / "docs" / "http-figures.md"
SERVICE = REPO_ROOT / "scripts" / "http_service.lua"
PEER = REPO_ROOT / "bench" / "peers" / "http_service.py"
LOAD = REPO_ROOT / "scripts" / "http_load.py"

ALL_PHASES = "alone,idle,threads,processes,jobs,rate"
THREAD_PHASES = "alone,threads"

# What the issue measured for the FastAPI app on this kind of machine
# (FastAPI 0.92, uvicorn 0.17, pow(365, 1_000_000) ~0.8 s, 2 heavy requests
# in flight, /ping one at a time, medians of 3), in ms.
ANCHOR = {"idle": "0.22 / 0.48 / –", "threads": "890 / – / 2000",
          "processes": "0.33 / 6.0 / 186", "rate": "– / 112 / –"}


class Runner:
    def __init__(self, args):
        self.gilvm = Path(args.gilvm)
        self.gilvm_ft = REPO_ROOT / args.gilvm_ft
        self.python = args.python
        self.seconds = 1.0 if args.quick else args.seconds

    def service(self, argv, phases):
        """Starts the service, drives it with http_load.py, stops it."""
        log("  " + " ".join(os.path.relpath(a, REPO_ROOT) if isinstance(a, Path) else str(a)
                            for a in argv))
        with tempfile.TemporaryFile() as stderr:
            proc = subprocess.Popen([str(a) for a in argv] + ["--port", "0"], cwd=REPO_ROOT,
                                    stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=stderr, start_new_session=True, text=True)
            try:
                first = proc.stdout.readline().strip()
                if not first.startswith("listening on http://"):
                    stderr.seek(0)
                    raise RuntimeError(f"{argv[0]} did not start: {first!r}\n"
                                       f"{stderr.read().decode(errors='replace')}")
                url = first.split()[-1]
                return run_json([sys.executable, LOAD, url, "--phases", phases,
                                 "--seconds", self.seconds, "--json"], timeout_s=600)
            finally:
                proc.send_signal(signal.SIGINT)
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
                time.sleep(0.5)  # its workers gone before the next service starts

    def gilvm_service(self, policy="interval", job="lua", phases=ALL_PHASES):
        return self.service([self.gilvm, f"--gil-policy={policy}", SERVICE, "--job", job], phases)

    def fastapi(self, job="pow", phases=ALL_PHASES):
        return self.service([self.python, PEER, "--job", job], phases)


def os_floor(r):
    """The OS alone: how late a C thread sleeping 1 ms at a time wakes, with
    nothing of ours running (bench/pools/wakeup_lag.cpp, built beside gilvm).
    On a quiet machine its p99 is about 0.2 ms; far more means the machine
    is busy, and sub-millisecond figures mean little."""
    program = r.gilvm.parent / "gilvm_bench_wakeup"
    if not program.exists():
        log(f"  ({program.relative_to(REPO_ROOT)} not built: no OS floor)")
        return {}
    return {"floor": run_json([program, 0, 0, 1.0 if r.seconds < 2 else 2.0])}


def gilvm_ft(r):
    if not r.gilvm_ft.exists():
        log(f"  ({r.gilvm_ft.relative_to(REPO_ROOT)} not built: skipped)")
        return {}
    return r.service([r.gilvm_ft, SERVICE], THREAD_PHASES)


EXPERIMENTS = {
    "os_floor": os_floor,
    "gilvm_interval": lambda r: r.gilvm_service(),
    "gilvm_priority": lambda r: r.gilvm_service("priority"),
    "gilvm_hold": lambda r: r.gilvm_service(job="hold", phases=THREAD_PHASES),
    "gilvm_hold_priority": lambda r: r.gilvm_service("priority", "hold", THREAD_PHASES),
    "gilvm_ft": gilvm_ft,
    "fastapi_pow": lambda r: r.fastapi(),
    "fastapi_python": lambda r: r.fastapi("python", THREAD_PHASES),
}

LABELS = {
    "gilvm_interval": "gilvm, `interval`",
    "gilvm_priority": "gilvm, `priority`",
    "gilvm_hold": "gilvm, `interval`, job `work.hold_gil`",
    "gilvm_hold_priority": "gilvm, `priority`, job `work.hold_gil`",
    "gilvm_ft": "gilvm-ft (free-threaded)",
    "fastapi_pow": "FastAPI, job `pow` (the seed)",
    "fastapi_python": "FastAPI, job in Python",
}


def ms(value):
    """A latency in ms, with the digits that mean something at its size."""
    if value is None:
        return "–"
    return fmt(value, ".2f" if value < 10 else ".1f" if value < 100 else ".0f")


def cell(phase):
    if not phase:
        return "–"
    return f"{ms(phase['p50_ms'])} / {ms(phase['p99_ms'])} / {ms(phase['max_ms'])}"


# The OS floor's p99 above which the machine counts as busy (ms).
BUSY_FLOOR_MS = 1.0


def tables(fig):
    services = [name for name in LABELS if fig.get(name)]
    floor = (fig.get("os_floor") or {}).get("floor")
    rows = []
    for name in services:
        f = fig[name]
        rows.append([LABELS[name], cell(f.get("idle")), cell(f.get("threads")),
                     cell(f.get("processes")), cell(f.get("jobs")), cell(f.get("rate"))])
    rows.append(["FastAPI, as measured in the issue (anchor)", ANCHOR["idle"], ANCHOR["threads"],
                 ANCHOR["processes"], "–", ANCHOR["rate"]])
    latency = table(["service", "idle", "thread pool", "process pool", "`/jobs`",
                     "100 /ping/s beside the process pool"], rows)

    rows = []
    for name in services:
        f = fig[name]
        alone = f["alone"]
        rows.append([LABELS[name], ms(alone["threads_ms"]), ms(alone["processes_ms"])]
                    + [fmt((f.get(p) or {}).get("heavy_per_s"), ".2f")
                       for p in ("threads", "processes", "jobs")]
                    + [ms((f.get(p) or {}).get("loop_lag_p99_ms"))
                       for p in ("idle", "threads", "processes")])
    heavy = table(["service", "job alone, thread pool ms", "job alone, process pool ms",
                   "jobs/s, thread pool", "jobs/s, process pool", "jobs/s, `/jobs`",
                   "loop lag p99 ms, idle", "thread pool", "process pool"], rows)

    busy = floor is not None and floor["p99_ms"] > BUSY_FLOOR_MS
    if floor:
        floor_note = (f"The OS alone (a C thread sleeping 1 ms at a time, nothing of ours "
                      f"running; bench/pools/wakeup_lag.cpp) woke p50 {ms(floor['p50_ms'])} / p99 "
                      f"{ms(floor['p99_ms'])} / max {ms(floor['max_ms'])} ms late"
                      + (": **the machine was busy**, and figures of a few ms or less say more "
                         "about it than about the services." if busy else
                         ": the machine was quiet enough for sub-millisecond figures.") + "\n\n")
    else:
        floor_note = ""
    parts = ["## /ping latency while heavy requests run\n\n" + floor_note +
             "Each cell is /ping's latency in ms, **p50 / p99 / max**, sent one request at a "
             "time on a keep-alive connection while 2 heavy requests are kept in flight (idle: "
             "none). The last column sends 100 pings a second instead and counts each from "
             "when it was due, so a stall also counts in the pings queued behind it.\n\n"
             + latency,
             "## The jobs\n\n"
             "How long one job takes alone through each pool (as the client sees it), how many "
             "heavy requests completed per second while /ping was measured, and the loop lag "
             "the service measured itself (`/stats`: how late a 10 ms timer fired).\n\n" + heavy]

    def timing_verdict(ok):
        return verdict(ok) + (" (noisy: machine busy)" if busy else "")

    targets = []
    for name in ("gilvm_interval", "gilvm_priority"):
        f = fig.get(name)
        if f and f.get("processes"):
            p99 = f["processes"]["p99_ms"]
            targets.append([f"{LABELS[name]}: /ping p99 beside the process pool ≤ 2 ms",
                            f"{ms(p99)} ms", timing_verdict(p99 <= 2)])
    fastapi_rate = (fig.get("fastapi_pow") or {}).get("rate")
    for name in ("gilvm_interval", "gilvm_priority"):
        f = fig.get(name)
        if f and f.get("rate") and fastapi_rate:
            ours, theirs = f["rate"]["p99_ms"], fastapi_rate["p99_ms"]
            targets.append([f"{LABELS[name]}: p99 at 100 /ping/s below FastAPI's",
                            f"{ms(ours)} against {ms(theirs)} ms", timing_verdict(ours < theirs)])
    interval, priority = fig.get("gilvm_interval"), fig.get("gilvm_priority")
    if interval and interval.get("threads"):
        p50 = interval["threads"]["p50_ms"]
        targets.append(["gilvm, `interval`, thread pool: /ping stalls behind the jobs "
                        "(p50 at least the 5 ms switch interval)", f"p50 {ms(p50)} ms",
                        timing_verdict(p50 >= 5)])
    if interval and priority and interval.get("threads") and priority.get("threads"):
        a, b = interval["threads"], priority["threads"]
        targets.append(["gilvm, `priority`, thread pool: the stall mostly goes",
                        f"p50 {ms(a['p50_ms'])} → {ms(b['p50_ms'])} ms, "
                        f"p99 {ms(a['p99_ms'])} → {ms(b['p99_ms'])} ms "
                        f"({a['p99_ms'] / b['p99_ms']:.0f}x less at p99)",
                        timing_verdict(b["p99_ms"] * 4 <= a["p99_ms"])])
    hold = fig.get("gilvm_hold")
    if hold and hold.get("threads"):
        job = hold["alone"]["threads_ms"]
        worst = hold["threads"]["max_ms"]
        targets.append(["gilvm, job `work.hold_gil` in the thread pool: the seed's stall, "
                        "/ping waits about a whole job", f"max {ms(worst)} ms, job {ms(job)} ms",
                        verdict(worst >= job / 2)])
    if targets:
        parts.append("## Targets\n\n" + table(["target", "measured", "met"], targets))
    return "\n\n".join(parts) + "\n"


def add_options(parser):
    parser.add_argument("--gilvm-ft", default="build/ft/gilvm-ft", help="the free-threaded build")
    parser.add_argument("--seconds", type=float, default=4,
                        help="length of each load phase (1 with --quick)")
    # The peer needs Debian's Python, which has Debian's FastAPI and uvicorn.
    parser.set_defaults(python="/usr/bin/python3")


def notes(args, runner):
    versions = subprocess.run(
        [args.python, "-c", "import fastapi, uvicorn; "
         "print(f'FastAPI {fastapi.__version__}, uvicorn {uvicorn.__version__}')"],
        capture_output=True, text=True).stdout.strip()
    return (f"- peer: {versions} (h11, the asyncio loop)\n"
            f"- each load phase {runner.seconds:g} s; 2 heavy requests in flight\n")


def main():
    driver_main(__doc__, "bench/http_run.py", "HTTP service figures", EXPERIMENTS, Runner, tables,
                FIGURES, add_options=add_options, notes=notes,
                about="[http.md](http.md) explains them",
                load_note="every phase competes for the 2 cores with the machine's other work; "
                          "a busy machine delays each wake-up of the service and of the client")


if __name__ == "__main__":
    main()
