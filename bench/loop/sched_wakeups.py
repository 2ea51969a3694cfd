#!/usr/bin/env python3
"""Where a late loop thread's time went: the kernel's side of the ticker's lag.

Reads a `perf sched record` of a gilvm program and, for every wake-up of the
program's main thread (the loop thread in bench/loop/ticker_lag.lua) that
waited more than --over milliseconds before it ran, prints how long it
waited, which CPU it was woken onto, what that CPU was running when it was
woken, and where it ran in the end. Then the same counted by kind:

  busy CPU   woken onto a CPU that was running another thread, which the
             kernel did not preempt: the loop ran at that thread's next
             switch (often the next scheduler tick)
  idle CPU   woken onto an idle CPU that took that long to run it (in a VM,
             a halted vCPU that the host must wake)

    perf sched record -o sched.data -- \\
        build/gil/gilvm --gil-policy=priority bench/loop/ticker_lag.lua 2 2
    bench/loop/sched_wakeups.py sched.data [--over 0.5]

perf needs the sched tracepoints (root, or kernel.perf_event_paranoid <= -1,
and tracefs mounted).
"""

import argparse
import collections
import re
import subprocess

LINE = re.compile(r"\s*(\S.*?)\s+(\d+)\s+\[(\d+)\]\s+([\d.]+):\s+(\S+):\s+(.*)")


def events(data):
    out = subprocess.run(["perf", "script", "-i", data, "-F", "comm,tid,cpu,time,event,trace"],
                         capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        m = LINE.match(line)
        if m:
            comm, tid, cpu, t, event, rest = m.groups()
            yield comm, int(tid), int(cpu), float(t), event, rest


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", help="a perf sched record file")
    parser.add_argument("--over", type=float, default=0.5, help="milliseconds (default 0.5)")
    args = parser.parse_args()

    loop = None      # the main thread of the first gilvm process
    woken = None     # (time, target CPU, what that CPU ran then)
    running = {}     # CPU -> the thread it runs now
    waits, late = [], []
    for comm, tid, cpu, t, event, rest in events(args.data):
        if loop is None and comm == "gilvm":
            loop = tid
        if event == "sched:sched_waking":
            pid = int(re.search(r" pid=(\d+)", rest).group(1))
            target = int(re.search(r"target_cpu=(\d+)", rest).group(1))
            if pid == loop and woken is None:
                woken = (t, target, running.get(target, "?"))
        elif event == "sched:sched_switch":
            nxt = re.search(r"next_comm=(.*?) next_pid=(\d+)", rest)
            running[cpu] = f"{nxt.group(1)}[{nxt.group(2)}]"
            if int(nxt.group(2)) == loop and woken:
                waited = (t - woken[0]) * 1e3
                waits.append(waited)
                if waited > args.over:
                    late.append((waited, woken[1], woken[2], cpu))
                woken = None
    if not waits:
        raise SystemExit("no wake-ups of a gilvm main thread in " + args.data)
    waits.sort()
    print(f"{len(waits)} wake-ups of thread {loop}: waited p50 {waits[len(waits) // 2]:.3f} ms, "
          f"p99 {waits[len(waits) * 99 // 100]:.3f} ms, max {waits[-1]:.3f} ms; "
          f"{len(late)} over {args.over} ms:")
    kinds = collections.Counter()
    for waited, target, was, ran_on in late:
        kind = "idle CPU" if was.startswith("swapper") else "busy CPU"
        kinds[kind] += 1
        print(f"  {waited:7.3f} ms  woken onto CPU {target} ({kind}: running {was}), "
              f"ran on CPU {ran_on}")
    print("by kind: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))


if __name__ == "__main__":
    main()
