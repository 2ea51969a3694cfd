"""loop_scale.py — CPython peer of bench/loop/scale.lua.

    python3 bench/peers/loop_scale.py [tasks] [wakes]

T asyncio tasks, each sleeping a short time and waking W times; time and
peak RSS (ru_maxrss) as one JSON line.
"""

import asyncio
import json
import resource
import sys
import time

T = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
W = int(sys.argv[2]) if len(sys.argv) > 2 else 10


async def task(k):
    n = 0
    for w in range(1, W + 1):
        await asyncio.sleep(0.001 + (k * 7 + w) % 10 * 0.001)
        n += 1
    return n


async def main():
    tasks = [asyncio.create_task(task(i)) for i in range(1, T + 1)]
    return sum([await t for t in tasks])


t0 = time.monotonic()
wakes = asyncio.run(main())
elapsed = time.monotonic() - t0
assert wakes == T * W
print(json.dumps({"bench": "scale", "tasks": T, "wakes_each": W, "wakes": wakes,
                  "seconds": elapsed,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
