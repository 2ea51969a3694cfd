"""pool_cpu_split.py — CPython peer of bench/pools/cpu_split.lua: fixed
CPU-bound work in an executor of one worker, then split over two.

    python3 bench/peers/pool_cpu_split.py threads|processes [iterations]

ThreadPoolExecutor or ProcessPoolExecutor; both executors are started and
warmed before anything is timed, and the one-worker run is timed before and
after the two-worker run and averaged. Prints one JSON line with the same
keys as the Lua program.
"""

import concurrent.futures as cf
import json
import sys
import time


def step(i):
    return i % 7


def sum_steps(first, last):
    s = 0
    for i in range(first, last + 1):
        s += step(i)
    return s


def nap():
    time.sleep(0.05)


def warm(pool, workers):
    for f in [pool.submit(nap) for _ in range(workers)]:
        f.result()


def main():
    kind = sys.argv[1] if len(sys.argv) > 1 else "processes"
    iterations = int(sys.argv[2]) if len(sys.argv) > 2 else 15_000_000
    make = cf.ProcessPoolExecutor if kind == "processes" else cf.ThreadPoolExecutor
    with make(max_workers=1) as one, make(max_workers=2) as two:
        warm(one, 1)
        warm(two, 2)

        def one_worker():
            t0 = time.monotonic()
            s = one.submit(sum_steps, 1, iterations).result()
            return time.monotonic() - t0, s

        def two_workers():
            half = iterations // 2
            t0 = time.monotonic()
            a = two.submit(sum_steps, 1, half)
            b = two.submit(sum_steps, half + 1, iterations)
            s = a.result() + b.result()
            return time.monotonic() - t0, s

        before, sum1 = one_worker()
        t2, sum2 = two_workers()
        after, _ = one_worker()
    t1 = (before + after) / 2
    assert sum1 == sum2, "the two runs computed different sums"
    print(json.dumps({"bench": "cpu_split", "kind": f"cpython {kind}", "iterations": iterations,
                      "t1": round(t1, 4), "t2": round(t2, 4), "speedup": round(t1 / t2, 4)},
                     separators=(",", ":")))


if __name__ == "__main__":
    main()
