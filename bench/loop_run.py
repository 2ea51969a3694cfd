#!/usr/bin/env python3
"""Runs the event-loop experiments (bench/loop/*.lua) and their CPython
asyncio peers (bench/peers/loop_*.py), and prints the figures as markdown.

    bench/loop_run.py                  # 3 rounds, tables on stdout
    bench/loop_run.py --quick          # short runs, 1 round: a smoke test
    bench/loop_run.py --write          # also write docs/event-loop-figures.md

The experiments, each a program that prints one JSON line:

  1. ticker_lag        a 1 ms ticker on the loop while K CPU-bound jobs run in
                       a thread pool: its lag p50/p99/max, K = 0, 1, 2, 4,
                       under the interval and priority policies; under
                       priority with the loop sleeping through its waits
                       (loop.busy_poll(0)) and with the workers at
                       SCHED_IDLE, on a quiet machine and beside two other
                       busy programs; and with
                       one native call that keeps the GIL for 0.5 s
  2. switches          loop.sleep(0) round trips; spawn+await chains
  3. echo              TCP echo round trips over loopback on one loop
  4. scale             10,000 tasks, each sleeping and waking 10 times
  5. timer_precision   how late loop.sleep(0.001) returns on an idle loop
  6. coroutines_memory 100,000 suspended coroutines (Python: generators)

Within each round every experiment runs its gilvm configurations and then
its CPython peer, so drifting load hits both alike; the tables show the
median over rounds of each figure. Progress goes to stderr.
"""

import subprocess
from pathlib import Path

from benchlib import REPO_ROOT, driver_main, fmt, log, run_json, table, verdict

LUA_DIR = REPO_ROOT / "bench" / "loop"
PEER_DIR = REPO_ROOT / "bench" / "peers"
FIGURES = REPO_ROOT / "docs" / "event-loop-figures.md"

POLICIES = ["interval", "priority"]
JOBS = [0, 1, 2, 4]

# Work sizes: (full run, --quick run).
SIZES = {
    "ticker_seconds": (2.0, 0.5),
    "switch_steps": (1_000_000, 100_000),
    "echo_round_trips": (100_000, 10_000),
    "scale_tasks": (10_000, 2_000),
    "timer_samples": (2_000, 300),
    "coroutines": (100_000, 10_000),
}


class Runner:
    def __init__(self, args):
        self.gilvm = args.gilvm
        self.python = args.python
        self.quick = args.quick

    def size(self, name):
        return SIZES[name][1 if self.quick else 0]

    def lua(self, script, *script_args, policy=None):
        argv = [self.gilvm] + ([f"--gil-policy={policy}"] if policy else [])
        return run_json(argv + [LUA_DIR / f"{script}.lua", *script_args])

    def beside_busy(self, n, seconds, run):
        """run() while n other gilvm programs keep a core busy each."""
        log(f"  ({n} x busy.lua beside)")
        busy = [subprocess.Popen([self.gilvm, str(LUA_DIR / "busy.lua"), str(seconds + 2)],
                                 cwd=REPO_ROOT, stdin=subprocess.DEVNULL,
                                 stdout=subprocess.DEVNULL) for _ in range(n)]
        try:
            return run()
        finally:
            for b in busy:
                b.kill()
                b.wait()

    def os_floor(self, seconds):
        """The OS alone: a C thread sleeping 1 ms at a time on a quiet machine
        (bench/pools/wakeup_lag.cpp, built beside gilvm), or None without it."""
        program = Path(self.gilvm).parent / "gilvm_bench_wakeup"
        if not program.exists():
            return None
        return run_json([program, 0, 0, seconds])

    def peer(self, script, *script_args):
        return run_json([self.python, PEER_DIR / f"loop_{script}.py", *script_args])


# --- the experiments: one round each, returning {config: figures} -----------------------

def ticker_lag(r):
    out = {}
    seconds = r.size("ticker_seconds")
    for policy in POLICIES:
        for k in JOBS:
            out[f"{policy} {k}"] = r.lua("ticker_lag", k, seconds, policy=policy)
        out[f"{policy} hold"] = r.lua("ticker_lag", 1, seconds, "hold", policy=policy)
    # The control: jobs that compute without the GIL (work.release_gil): how
    # late the OS itself wakes the loop thread beside that many busy threads.
    for k in (1, 2):
        out[f"release {k}"] = r.lua("ticker_lag", k, seconds, "release", policy="priority")
    # Pool workers at SCHED_IDLE: the kernel preempts them the moment the
    # loop thread wakes. Beside other busy programs they all but stop, and
    # one that holds the GIL then stalls the loop (priority inversion).
    # These loops sleep (loop.busy_poll(0)): SCHED_IDLE is the other way to
    # get the loop thread onto a CPU at once.
    for k in JOBS[1:]:
        out[f"idle {k}"] = r.lua("ticker_lag", k, seconds, "lua", "idle", 0, policy="priority")
    # The loop that sleeps in epoll through every wait, as asyncio's does:
    # each timer needs a wake-up, which the kernel may delay by a tick. The
    # priority rows above poll the end of their waits (the default, "auto").
    for k in JOBS[1:]:
        out[f"sleep {k}"] = r.lua("ticker_lag", k, seconds, "lua", "normal", 0,
                                  policy="priority")
    for sched, busy_poll in (("normal", "auto"), ("normal", 0), ("idle", 0)):
        out[f"busy {sched} {busy_poll}"] = r.beside_busy(2, seconds, lambda: r.lua(
            "ticker_lag", 2, seconds, "lua", sched, busy_poll, policy="priority"))
    floor = r.os_floor(seconds)
    if floor:
        out["os floor"] = floor
    for k in JOBS:
        out[f"cpython {k}"] = r.peer("ticker_lag", k, seconds)
    out["cpython hold"] = r.peer("ticker_lag", 1, seconds, "hold")
    return out


def switches(r):
    n = r.size("switch_steps")
    return {"gilvm": r.lua("switches", n), "cpython": r.peer("switches", n)}


def echo(r):
    n = r.size("echo_round_trips")
    return {"gilvm": r.lua("echo", n), "cpython": r.peer("echo", n)}


def scale(r):
    n = r.size("scale_tasks")
    return {"gilvm": r.lua("scale", n, 10), "cpython": r.peer("scale", n, 10)}


def timer_precision(r):
    n = r.size("timer_samples")
    out = {"gilvm": r.lua("timer_precision", n), "cpython": r.peer("timer_precision", n)}
    floor = r.os_floor(r.size("ticker_seconds"))
    if floor:
        out["os floor"] = floor
    return out


def coroutines_memory(r):
    n = r.size("coroutines")
    return {"gilvm": r.lua("coroutines_memory", n), "cpython": r.peer("coroutines_memory", n)}


EXPERIMENTS = {
    "ticker_lag": ticker_lag,
    "switches": switches,
    "echo": echo,
    "scale": scale,
    "timer_precision": timer_precision,
    "coroutines_memory": coroutines_memory,
}


# --- the tables ---------------------------------------------------------------------------

def tables(fig):
    parts = []

    tl = fig["ticker_lag"]
    rows = []
    for runtime in POLICIES + ["cpython"]:
        for k in JOBS:
            t = tl[f"{runtime} {k}"]
            if runtime == "priority" and k > 0:
                target = f"p99 ≤ 1 ms: {verdict(t['p99_ms'] <= 1.0)}"
            elif runtime == "interval" and k > 0:
                target = f"grows to ≥ the interval (5 ms): {verdict(t['p50_ms'] >= 4.0)}"
            else:
                target = ""
            rows.append(["CPython asyncio" if runtime == "cpython" else "gilvm",
                         "" if runtime == "cpython" else runtime, str(k), fmt(t["ticks"], ".0f"),
                         fmt(t["p50_ms"], ".3f"), fmt(t["p99_ms"], ".3f"), fmt(t["max_ms"], ".1f"),
                         fmt(t["job_iterations"] / 1e6, ".0f"), target])
    for k in (1, 2):
        t = tl[f"release {k}"]
        rows.append(["gilvm, jobs without the GIL (control)", "priority", str(k),
                     fmt(t["ticks"], ".0f"), fmt(t["p50_ms"], ".3f"), fmt(t["p99_ms"], ".3f"),
                     fmt(t["max_ms"], ".1f"), "–", ""])
    if "os floor" in tl:
        t = tl["os floor"]
        rows.append(["the OS alone: a C thread sleeping 1 ms, nothing else running", "", "0",
                     fmt(t["samples"], ".0f"), fmt(t["p50_ms"], ".3f"), fmt(t["p99_ms"], ".3f"),
                     fmt(t["max_ms"], ".1f"), "–", ""])
    for key, label, k in ([(f"sleep {k}", "gilvm, loop.busy_poll(0): the loop always sleeps",
                            k) for k in JOBS[1:]] +
                          [(f"idle {k}", "gilvm, busy_poll(0), workers at SCHED_IDLE", k)
                           for k in JOBS[1:]] +
                          [("busy normal auto", "gilvm beside 2 busy programs", 2),
                           ("busy normal 0", "gilvm beside 2 busy programs, busy_poll(0)", 2),
                           ("busy idle 0",
                            "gilvm beside 2 busy programs, busy_poll(0), workers at SCHED_IDLE",
                            2)]):
        t = tl[key]
        rows.append([label, "priority", str(k), fmt(t["ticks"], ".0f"), fmt(t["p50_ms"], ".3f"),
                     fmt(t["p99_ms"], ".3f"), fmt(t["max_ms"], ".1f"),
                     fmt(t["job_iterations"] / 1e6, ".0f"),
                     f"p99 ≤ 1 ms: {verdict(t['p99_ms'] <= 1.0)}"
                     if key.startswith(("idle", "sleep"))
                     else ""])
    lag = table(["runtime", "policy", "CPU jobs", "ticks", "lag p50 ms", "lag p99 ms",
                 "lag max ms", "job work (M steps)", "target"], rows)
    rows = []
    for runtime in POLICIES + ["cpython"]:
        t = tl[f"{runtime} hold"]
        rows.append(["CPython (pow)" if runtime == "cpython" else "gilvm (work.hold_gil)",
                     "" if runtime == "cpython" else runtime, fmt(t["max_ms"], ".1f"),
                     fmt(t["p99_ms"], ".1f"), f"stall ≈ 500 ms: {verdict(t['max_ms'] >= 400)}"])
    hold = table(["runtime", "policy", "longest lag ms", "lag p99 ms", "target"], rows)
    parts.append("## 1. The seed experiment: a 1 ms ticker beside CPU-bound jobs in a thread "
                 "pool (ticker_lag)\n\n"
                 "The main task sleeps 1 ms at a time for the whole run and the loop records how "
                 "late each timer fires (`loop.lag()`; CPython: measured by the ticker), while K "
                 "jobs of pure Lua (Python) arithmetic run in `executor.threads(K)` "
                 "(`ThreadPoolExecutor`). Job work: how much arithmetic the jobs got done, in "
                 "millions of steps. The control rows run native jobs that compute without the "
                 "GIL (`work.release_gil`): what is left there is how late the OS wakes the loop "
                 "thread beside that many busy threads; the OS-alone row (bench/pools/"
                 "wakeup_lag.cpp) is how late the kernel wakes a sleeping C thread with nothing "
                 "else running, the floor under every row. The SCHED_IDLE rows run the pool as "
                 "`executor.threads(K, {sched = \"idle\"})`: the kernel then preempts a worker "
                 "the moment the loop thread wakes; the rows beside two other busy programs (two "
                 "`bench/loop/busy.lua`) show what that costs when the machine is not quiet. "
                 "Under `priority` the loop polls epoll without blocking through the last "
                 "2 ms of a wait for a timer while another thread holds the GIL "
                 "(`loop.busy_poll`'s default, \"auto\"): it keeps a core the GIL leaves "
                 "idle, and its timers need no wake-up. The `busy_poll(0)` rows turn that off: "
                 "the loop sleeps in epoll through every wait, as asyncio's does. "
                 "Anchor (CPython 3.11, another machine): "
                 "idle p99 0.21 ms; K=1 "
                 "p50 5.3 / p99 10.5 ms; K=2 p50 36 / p99 115 ms; K=4 p99 250 ms.\n\n" + lag +
                 "\n\n### One native call that keeps the GIL for 0.5 s\n\n"
                 "The same ticker while the pool runs `work.hold_gil(0.5)` (CPython: `pow(3, N)` "
                 "sized to 0.5 s): the loop cannot run until the call returns, whatever the "
                 "policy. Anchor: pow stalls the loop for 0.85 s.\n\n" + hold)

    sw = fig["switches"]
    g, p = sw["gilvm"], sw["cpython"]
    ratio_sleep = g["sleep0_per_s"] / p["sleep0_per_s"]
    ratio_chain = g["chain_per_s"] / p["chain_per_s"]
    rows = [["`sleep(0)` round trips /s", fmt(g["sleep0_per_s"], ",.0f"),
             fmt(p["sleep0_per_s"], ",.0f"), fmt(ratio_sleep, ".1f") + "x", ""],
            ["spawn+await steps /s", fmt(g["chain_per_s"], ",.0f"), fmt(p["chain_per_s"], ",.0f"),
             fmt(ratio_chain, ".1f") + "x", f"≥ 5x: {verdict(ratio_chain >= 5)}"]]
    ec = fig["echo"]
    ratio_echo = ec["gilvm"]["per_s"] / ec["cpython"]["per_s"]
    rows.append(["TCP echo round trips /s", fmt(ec["gilvm"]["per_s"], ",.0f"),
                 fmt(ec["cpython"]["per_s"], ",.0f"), fmt(ratio_echo, ".1f") + "x",
                 f"≥ 2x: {verdict(ratio_echo >= 2)}"])
    rows.append(["TCP echo median round trip µs", fmt(ec["gilvm"]["median_us"], ".1f"),
                 fmt(ec["cpython"]["median_us"], ".1f"), "", ""])
    parts.append("## 2. Raw speed (switches, echo)\n\n"
                 f"{g['steps']:,} steps each. A spawn+await step: a task spawns a child that "
                 "returns at once, and awaits it (`await asyncio.create_task(child(i))`). TCP: one "
                 "client and one server task on the same loop, over 127.0.0.1, a line out and the "
                 "same line back (asyncio streams). Anchor: `await asyncio.sleep(0)` 222k/s; TCP "
                 "echo 26k round trips/s (streams).\n\n" +
                 table(["figure", "gilvm", "CPython asyncio", "gilvm / CPython", "target"], rows))

    sc = fig["scale"]
    g, p = sc["gilvm"], sc["cpython"]
    rows = [["gilvm", fmt(g["tasks"], ",.0f"), fmt(g["wakes"], ",.0f"), fmt(g["seconds"], ".2f"),
             fmt(g["peak_rss_mb"], ".0f"), f"≤ 200 MB: {verdict(g['peak_rss_mb'] <= 200)}"],
            ["CPython asyncio", fmt(p["tasks"], ",.0f"), fmt(p["wakes"], ",.0f"),
             fmt(p["seconds"], ".2f"), fmt(p["peak_rss_mb"], ".0f"), ""]]
    parts.append("## 3. Scale: many concurrent tasks (scale)\n\n"
                 "Each task sleeps 1 to 10 ms and wakes, 10 times; every wake-up is counted. Peak "
                 "RSS is the whole process's (VmHWM; CPython: ru_maxrss).\n\n" +
                 table(["runtime", "tasks", "wake-ups", "seconds", "peak RSS MB", "target"], rows))

    tp = fig["timer_precision"]
    g, p = tp["gilvm"], tp["cpython"]
    rows = [["gilvm", fmt(g["p50_us"], ".0f"), fmt(g["p99_us"], ".0f"), fmt(g["max_us"], ".0f"),
             f"p99 ≤ 200 µs: {verdict(g['p99_us'] <= 200)}"],
            ["CPython asyncio", fmt(p["p50_us"], ".0f"), fmt(p["p99_us"], ".0f"),
             fmt(p["max_us"], ".0f"), ""]]
    if "os floor" in tp:
        t = tp["os floor"]
        rows.append(["the OS alone (a C thread, `clock_nanosleep`)", fmt(t["p50_ms"] * 1e3, ".0f"),
                     fmt(t["p99_ms"] * 1e3, ".0f"), fmt(t["max_ms"] * 1e3, ".0f"), ""])
    parts.append("## 4. Timer precision on an idle loop (timer_precision)\n\n"
                 f"{g['samples']:,} sleeps of 1 ms; how much later than asked each returned, as "
                 "the sleeping task sees it.\n\n" +
                 table(["runtime", "lateness p50 µs", "p99 µs", "max µs", "target"], rows))

    cm = fig["coroutines_memory"]
    g, p = cm["gilvm"], cm["cpython"]
    rows = [["gilvm coroutines (stackful fibers)", fmt(g["coroutines"], ",.0f"),
             fmt(g["rss_mb"], ".0f"), fmt(g["kb_each"], ".2f"), fmt(g.get("pte_mb"), ".0f"),
             fmt(g["create_s"], ".2f"), f"< 1 GiB: {verdict(g['rss_mb'] < 1024)}"],
            ["CPython generators (stackless)", fmt(p["coroutines"], ",.0f"),
             fmt(p["rss_mb"], ".0f"), fmt(p["kb_each"], ".2f"), "–", fmt(p["create_s"], ".2f"),
             ""]]
    parts.append("## 5. Memory of suspended coroutines (coroutines_memory)\n\n"
                 "Each coroutine resumed once and suspended in a yield, all alive at once: the "
                 "resident memory they add. Page tables (VmPTE) are kernel memory, not part of "
                 "RSS, and shown apart.\n\n" +
                 table(["what", "count", "RSS MB", "KB each", "page tables MB", "create s",
                        "target"], rows))
    return "\n\n".join(parts) + "\n"


def main():
    driver_main(__doc__, "bench/loop_run.py", "Event-loop figures", EXPERIMENTS, Runner, tables, FIGURES)


if __name__ == "__main__":
    main()
