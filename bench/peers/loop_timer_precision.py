"""loop_timer_precision.py — CPython peer of bench/loop/timer_precision.lua.

    python3 bench/peers/loop_timer_precision.py [samples]

How late asyncio.sleep(0.001) returns on an idle loop. One JSON line.
"""

import asyncio
import json
import math
import sys
import time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 2000


async def main():
    late = []
    for _ in range(N):
        expected = time.monotonic() + 0.001
        await asyncio.sleep(0.001)
        late.append(time.monotonic() - expected)
    return sorted(late)


late = asyncio.run(main())


def at(p):
    return late[max(0, math.ceil(len(late) * p / 100) - 1)] * 1e6


print(json.dumps({"bench": "timer_precision", "samples": N, "p50_us": at(50), "p99_us": at(99),
                  "max_us": late[-1] * 1e6}))
