#!/usr/bin/env python3
"""Checks gilvm's --trace=FILE output: a Chrome Trace Event JSON document
(chrome://tracing, Perfetto) of who held the GIL when, who waited, the drop
requests and the collections.

For each GIL policy it runs a script with two CPU-bound threads that allocate
a lot, reads the trace with Python's json module and checks:

  - the document: an object with a traceEvents list; a process_name record;
    a thread_name record for every thread that has events;
  - every "X" (complete) event has numeric ts and dur >= 0; every "i"
    (instant) event a numeric ts;
  - "GIL held" spans of different threads never overlap in time (1 us of
    slack for the rounding to nanoseconds), since only one thread holds it;
  - a thread's own held and wait spans do not overlap either;
  - a collection lies inside a "GIL held" span of the thread that ran it
    (only the holder collects);
  - both worker threads held the GIL; someone waited for it;
  - under `interval`, waiters asked the holder to drop it ("drop request"
    instants); the allocation made the collector run ("collection" spans).

A run of the main thread alone, allocating, must show it holding the GIL:
the span still open at exit is written too.

An event loop's spans go on a track of their own beside its thread's GIL
track ("<thread> loop"): "loop iteration" spans, and the steps of each task,
named after it ("task 2 (loop.lua:3)"), which lie inside iterations and
never overlap one another.

Then the errors: a trace file that cannot be written makes the exit status 1,
and --trace= without a name is a usage error (2).

Usage: check_trace.py GILVM [--timeout S]
"""

import argparse
import json
import os
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from drivers import SANITIZER_REPORT, run_program

POLICIES = ("interval", "ticks", "fifo", "priority")
SLACK_US = 1.0

# The main thread alone, allocating until the collector has run a few times.
ALONE = """
local t = {}
for i = 1, 2000000 do t[i % 1000] = { i } end
"""

# Two threads, each spinning for a while and making garbage as it goes; the
# main thread waits for both.
SCRIPT = """
local function churn(seconds)
  local stop = sys.monotonic() + seconds
  local kept = 0
  while sys.monotonic() < stop do
    local t = {}
    for i = 1, 100 do t[i] = { i } end
    kept = kept + #t
  end
  return kept
end
local a = thread.spawn(churn, 0.3)
local b = thread.spawn(churn, 0.3)
assert(a:join() > 0 and b:join() > 0)
"""


class Problems(list):
    def check(self, ok: bool, message: str):
        if not ok:
            self.append(message)
        return ok


def is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def overlaps(spans):
    """Pairs of consecutive overlapping spans in `spans`: (begin, end, tid)."""
    spans = sorted(spans)
    bad = []
    for (b0, e0, t0), (b1, e1, t1) in zip(spans, spans[1:]):
        if b1 < e0 - SLACK_US:
            bad.append(((b0, e0, t0), (b1, e1, t1)))
    return bad


def check_document(doc, policy: str, problems: Problems):
    if not problems.check(isinstance(doc, dict), "the document is not a JSON object"):
        return
    events = doc.get("traceEvents")
    if not problems.check(isinstance(events, list), "no traceEvents list"):
        return
    names = {}
    pids = set()
    process_named = False
    held = []
    per_thread = defaultdict(list)  # tid -> [(begin, end, name)]
    collection_spans = []  # (begin, end, tid)
    drop_requests = collections = waits = 0
    for e in events:
        if not problems.check(isinstance(e, dict) and "ph" in e and "name" in e, f"bad event {e!r}"):
            continue
        pids.add(e.get("pid"))
        ph, name, tid = e["ph"], e["name"], e.get("tid")
        if ph == "M":
            if name == "process_name":
                process_named = True
            elif name == "thread_name":
                names[tid] = e.get("args", {}).get("name")
            continue
        if not problems.check(is_number(e.get("ts")), f"ts is not a number: {e!r}"):
            continue
        if ph == "X":
            dur = e.get("dur")
            if not problems.check(is_number(dur) and dur >= 0, f"bad dur: {e!r}"):
                continue
            problems.check(e["ts"] >= 0, f"negative ts: {e!r}")
            span = (e["ts"], e["ts"] + dur)
            if name == "GIL held":
                held.append((*span, tid))
                per_thread[tid].append((*span, name))
            elif name == "GIL wait":
                waits += 1
                per_thread[tid].append((*span, name))
            elif name == "collection":
                collections += 1
                collection_spans.append((*span, tid))
            else:
                problems.append(f"unknown span {name!r}")
        elif ph == "i":
            problems.check(name == "drop request", f"unknown instant {name!r}")
            drop_requests += 1
        else:
            problems.append(f"unknown phase {ph!r} in {e!r}")
        problems.check(tid in names, f"no thread_name record before an event of tid {tid}")

    check_collections_held(held, collection_spans, problems)
    problems.check(process_named, "no process_name record")
    problems.check(len(pids) == 1, f"events of several pids: {sorted(map(str, pids))}")
    problems.check(len(set(names.values())) == len(names), f"two threads with one name: {names}")
    holders = {tid for _, _, tid in held}
    workers = [tid for tid, name in names.items() if name != "main"]
    problems.check(len(workers) >= 2, f"fewer than two worker threads named: {names}")
    for tid in workers:
        problems.check(tid in holders, f"thread {tid} ({names[tid]}) never held the GIL")
    for a, b in overlaps(held)[:5]:
        problems.append(f"GIL held by two threads at once: {a} and {b}")
    for tid, spans in per_thread.items():
        for a, b in overlaps([(s, e, n) for s, e, n in spans])[:3]:
            problems.append(f"thread {tid}: spans overlap: {a} and {b}")
    problems.check(waits > 0, "no thread ever waited for the GIL")
    problems.check(collections > 0, "no collection recorded although the script allocates a lot")
    if policy == "interval":
        problems.check(drop_requests > 0, "no drop request under the interval policy")


def check_collections_held(held, collection_spans, problems: Problems):
    """Every collection inside a held span of its own thread."""
    outside = [
        (b, e, tid)
        for b, e, tid in collection_spans
        if not any(t == tid and hb - SLACK_US <= b and e <= he + SLACK_US for hb, he, t in held)
    ]
    for span in outside[:3]:
        problems.append(f"a collection outside its thread's GIL held spans: {span}")
    if len(outside) > 3:
        problems.append(f"... {len(outside) - 3} more collections outside held spans")


def check_alone(doc, problems: Problems):
    events = doc.get("traceEvents", []) if isinstance(doc, dict) else []
    held = [(e["ts"], e["ts"] + e["dur"], e["tid"]) for e in events
            if e.get("ph") == "X" and e.get("name") == "GIL held"]
    collections = [(e["ts"], e["ts"] + e["dur"], e["tid"]) for e in events
                   if e.get("ph") == "X" and e.get("name") == "collection"]
    problems.check(len(held) > 0, "the main thread ran alone, but no GIL held span was written")
    problems.check(len(collections) > 0, "no collection recorded although the script allocates a lot")
    check_collections_held(held, collections, problems)


LOOP = """
loop.run(function()
  local ticks = loop.spawn(function()
    for i = 1, 20 do loop.sleep(0.001) end
  end)
  local cpu = loop.to_thread(function()
    local s = 0
    for i = 1, 3000000 do s = s + i end
    return s
  end)
  await(ticks)
  await(cpu)
end)
"""


def check_loop(doc, problems: Problems):
    events = doc.get("traceEvents", []) if isinstance(doc, dict) else []
    names = {e.get("tid"): e.get("args", {}).get("name") for e in events
             if e.get("ph") == "M" and e.get("name") == "thread_name"}
    loop_spans = [e for e in events if e.get("ph") == "X" and e.get("cat") == "loop"]
    if not problems.check(len(loop_spans) > 0, "no loop spans in the trace of a loop.run"):
        return
    tracks = {e["tid"] for e in loop_spans}
    problems.check(len(tracks) == 1, f"loop spans on several tracks: {sorted(tracks)}")
    track = next(iter(tracks))
    problems.check(names.get(track) == "main loop", f"the loop track is named {names.get(track)!r}")
    iterations = [(e["ts"], e["ts"] + e["dur"]) for e in loop_spans if e["name"] == "loop iteration"]
    steps = [(e["ts"], e["ts"] + e["dur"], e["name"]) for e in loop_spans if e["name"] != "loop iteration"]
    problems.check(len(iterations) > 10, f"only {len(iterations)} loop iterations")
    step_names = {n for _, _, n in steps}
    problems.check(any(n.startswith("task 1 (") for n in step_names), f"no step of the main task: {step_names}")
    problems.check(any(n.startswith("task 2 (") for n in step_names), f"no step of task 2: {step_names}")
    outside = [s for s in steps
               if not any(b - SLACK_US <= s[0] and s[1] <= e + SLACK_US for b, e in iterations)]
    problems.check(not outside, f"task steps outside loop iterations: {outside[:3]}")
    for a, b in overlaps([(s, e, n) for s, e, n in steps])[:3]:
        problems.append(f"task steps overlap: {a} and {b}")


def run_traced(gilvm: str, name: str, code: str, options: list, workdir: Path, timeout_s: float,
               check) -> Problems:
    """Runs `code` with --trace and `options`; check(document, problems)."""
    problems = Problems()
    script = workdir / f"{name}.lua"
    script.write_text(code)
    trace = workdir / f"{name}.json"
    argv = [gilvm, *options, f"--trace={trace}", script.name]
    run = run_program(argv, workdir, timeout_s)
    if run.timed_out:
        problems.append(f"timed out after {timeout_s:g} s")
        return problems
    if SANITIZER_REPORT.search(run.stderr_text):
        problems.append("sanitizer report on stderr:\n" + run.stderr_text[-4000:])
    if not problems.check(run.status == 0, f"exit status {run.status}: {run.stderr_text[-2000:]}"):
        return problems
    try:
        doc = json.loads(trace.read_text())
    except (OSError, ValueError) as e:
        problems.append(f"cannot read the trace as JSON: {e}")
        return problems
    check(doc, problems)
    return problems


def run_errors(gilvm: str, workdir: Path, timeout_s: float) -> Problems:
    problems = Problems()
    unwritable = workdir / "no such directory" / "trace.json"
    run = run_program([gilvm, f"--trace={unwritable}", "-e", "x = 1"], workdir, timeout_s)
    problems.check(run.status == 1, f"unwritable trace file: exit status {run.status}, expected 1")
    problems.check("cannot write trace file" in run.stderr_text,
                   f"unwritable trace file: stderr {run.stderr_text!r}")
    run = run_program([gilvm, "--trace=", "-e", "x = 1"], workdir, timeout_s)
    problems.check(run.status == 2, f"--trace= without a name: exit status {run.status}, expected 2")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description="Check gilvm's --trace output.")
    parser.add_argument("gilvm", help="path of the gilvm (or gilvm-ft) program")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per run (default 60)")
    args = parser.parse_args()
    gilvm = os.path.abspath(args.gilvm)

    failed = 0
    with tempfile.TemporaryDirectory(prefix="gilvm-trace-") as tmp:
        work = Path(tmp)

        def two_threads(policy):
            # The GIL at work: gilvm-ft runs these with its GIL turned on.
            options = ["--gil=on", f"--gil-policy={policy}", "--switch-interval=0.001"]
            check = lambda doc, problems: check_document(doc, policy, problems)
            return run_traced(gilvm, f"two-{policy}", SCRIPT, options, work, args.timeout, check)

        checks = [(f"two threads, policy {p}", lambda p=p: two_threads(p)) for p in POLICIES]
        checks.append(("main thread alone",
                       lambda: run_traced(gilvm, "alone", ALONE, [], work, args.timeout, check_alone)))
        checks.append(("event loop",
                       lambda: run_traced(gilvm, "loop", LOOP, [], work, args.timeout, check_loop)))
        checks.append(("errors", lambda: run_errors(gilvm, work, args.timeout)))
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
