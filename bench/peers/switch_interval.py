"""switch_interval.py — CPython peer of bench/gil/switch_interval.lua: two
CPU-bound threads taking turns; does each turn last one switch interval?

    python3 bench/peers/switch_interval.py [interval] [iterations]

CPython has no GIL trace, so the threads note the switches themselves: each
iteration a thread checks whether it was the last to run Python code (a
shared `owner` slot, which only the GIL holder can change); if not, another
thread had the GIL in between, and it writes the time of its new turn. The
turns are the gaps between consecutive switch times, the first and the last
left out. Prints one JSON line with the same keys as the Lua program plus
the median turn.
"""

import json
import statistics
import sys
import threading
import time


def step(i):
    return i % 7


def spin(me, iterations, owner, switch_times):
    clock = time.perf_counter
    s = 0
    for i in range(iterations):
        s += step(i)
        if owner[0] != me:
            owner[0] = me
            switch_times.append(clock())
    return s


def main():
    interval = float(sys.argv[1]) if len(sys.argv) > 1 else 0.005
    iterations = int(sys.argv[2]) if len(sys.argv) > 2 else 2_500_000
    sys.setswitchinterval(interval)
    owner = [None]
    switch_times = []
    threads = [threading.Thread(target=spin, args=(me, iterations, owner, switch_times))
               for me in range(2)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.monotonic() - t0
    inner = [b - a for a, b in zip(switch_times, switch_times[1:])][1:-1]
    median_ms = statistics.median(inner) * 1e3 if inner else None
    print(json.dumps({"bench": "switch_interval", "policy": "cpython", "interval": interval,
                      "workers": None, "seconds": round(seconds, 4), "switches": None,
                      "forced_switches": None, "turns": len(inner),
                      "turn_median_ms": round(median_ms, 4) if inner else None},
                     separators=(",", ":")))


if __name__ == "__main__":
    main()
