"""pool_overheads.py — CPython peer of bench/pools/overheads.lua: the
start-up of a worker, the round trip of a tiny job, and the throughput of
many, for ThreadPoolExecutor and ProcessPoolExecutor.

    python3 bench/peers/pool_overheads.py threads|processes [tasks]

As there: startup is a fresh executor of one worker's time to its first
result less the time to its second (the median of 20, each after
gc.collect()); rtt the median of 2,000 one-at-a-time round trips on a warm executor of two;
tasks/s submitting `tasks` jobs and then waiting for all (median of 3).
Also threading.Thread start + join. Prints one JSON line with the same keys
as the Lua program.
"""

import concurrent.futures as cf
import gc
import json
import statistics
import sys
import threading
import time


def tiny(x):
    return x + 1


def main():
    kind = sys.argv[1] if len(sys.argv) > 1 else "processes"
    tasks = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    make = cf.ProcessPoolExecutor if kind == "processes" else cf.ThreadPoolExecutor

    with make(max_workers=2) as pool:
        list(pool.map(tiny, range(4)))
        trips = []
        for i in range(2000):
            t0 = time.monotonic()
            pool.submit(tiny, i).result()
            trips.append(time.monotonic() - t0)
        rtt = statistics.median(trips)
        rates = []
        for _ in range(3):
            t0 = time.monotonic()
            futures = [pool.submit(tiny, i) for i in range(tasks)]
            for i, f in enumerate(futures):
                assert f.result() == i + 1
            rates.append(tasks / (time.monotonic() - t0))

    firsts, startups = [], []
    for _ in range(20):
        gc.collect()
        fresh = make(max_workers=1)
        t0 = time.monotonic()
        fresh.submit(tiny, 1).result()
        firsts.append(time.monotonic() - t0)
        t0 = time.monotonic()
        fresh.submit(tiny, 2).result()
        startups.append(firsts[-1] - (time.monotonic() - t0))
        fresh.shutdown()

    spawns = []
    for _ in range(200):
        t0 = time.monotonic()
        t = threading.Thread(target=lambda: None)
        t.start()
        t.join()
        spawns.append(time.monotonic() - t0)

    print(json.dumps({"bench": "overheads", "kind": f"cpython {kind}",
                      "first_job_ms": round(statistics.median(firsts) * 1e3, 4),
                      "startup_ms": round(statistics.median(startups) * 1e3, 4),
                      "rtt_us": round(rtt * 1e6, 2), "tasks": tasks,
                      "tasks_per_s": round(statistics.median(rates)),
                      "thread_spawn_join_us": round(statistics.median(spawns) * 1e6, 2)},
                     separators=(",", ":")))


if __name__ == "__main__":
    main()
