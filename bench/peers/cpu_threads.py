"""cpu_threads.py — CPython peer of bench/gil/cpu_threads.lua: fixed
CPU-bound work on one thread, then split over two threads.

    python3 bench/peers/cpu_threads.py [iterations]

As there, the one-thread run is on a spawned thread, timed before and after
the two-thread run and averaged. Prints one JSON line with the same keys as the Lua program.
"""

import json
import sys
import threading
import time


def step(i):
    return i % 7


def sum_steps(first, last, out, slot):
    s = 0
    for i in range(first, last + 1):
        s += step(i)
    out[slot] = s


def main():
    iterations = int(sys.argv[1]) if len(sys.argv) > 1 else 15_000_000
    out = [0, 0]

    def one_thread():
        # On a new thread like the two: the main thread runs this loop slower.
        t0 = time.monotonic()
        t = threading.Thread(target=sum_steps, args=(1, iterations, out, 0))
        t.start()
        t.join()
        return time.monotonic() - t0, out[0]

    def two_threads():
        half = iterations // 2
        t0 = time.monotonic()
        threads = [
            threading.Thread(target=sum_steps, args=(1, half, out, 0)),
            threading.Thread(target=sum_steps, args=(half + 1, iterations, out, 1)),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return time.monotonic() - t0, out[0] + out[1]

    before, one = one_thread()
    t2, two = two_threads()
    after, _ = one_thread()
    t1 = (before + after) / 2

    assert one == two, "the two runs computed different sums"
    print(json.dumps({"bench": "cpu_threads", "policy": "cpython", "iterations": iterations,
                      "t1": round(t1, 4), "t2": round(t2, 4), "ratio": round(t1 / t2, 4),
                      "switches": None}, separators=(",", ":")))


if __name__ == "__main__":
    main()
