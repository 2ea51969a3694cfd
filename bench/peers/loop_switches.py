"""loop_switches.py — CPython peer of bench/loop/switches.lua.

    python3 bench/peers/loop_switches.py [N]

asyncio.sleep(0) round trips of one task, then create_task + await chains
(a child that returns at once), N steps each. One JSON line.
"""

import asyncio
import json
import sys
import time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000


async def child(x):
    return x


async def main():
    t0 = time.perf_counter()
    for _ in range(N):
        await asyncio.sleep(0)
    sleep0 = time.perf_counter() - t0
    t0 = time.perf_counter()
    total = 0
    for i in range(1, N + 1):
        total += await asyncio.create_task(child(i))
    chain = time.perf_counter() - t0
    assert total == N * (N + 1) // 2
    return sleep0, chain


sleep0, chain = asyncio.run(main())
print(json.dumps({"bench": "switches", "steps": N, "sleep0_per_s": N / sleep0,
                  "chain_per_s": N / chain}))
