"""loop_coroutines_memory.py — CPython peer of bench/loop/coroutines_memory.lua.

    python3 bench/peers/loop_coroutines_memory.py [N]

N generators, each started and suspended in a yield, all alive at once: the
resident memory they add. (Python's generators are stackless: a frame on the
heap, not a stack.) One JSON line.
"""

import json
import sys
import time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000


def status(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024


def gen(x):
    y = yield x
    return y


rss0 = status("VmRSS")
t0 = time.perf_counter()
gens = []
for i in range(N):
    g = gen(i)
    next(g)
    gens.append(g)
elapsed = time.perf_counter() - t0
rss = status("VmRSS")
print(json.dumps({"bench": "coroutines_memory", "coroutines": N, "rss_mb": rss - rss0,
                  "kb_each": (rss - rss0) * 1024 / N, "create_s": elapsed}))
