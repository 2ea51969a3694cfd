"""pool_ticker_lag.py — CPython peer of bench/pools/ticker_lag.lua: an
asyncio 1 ms ticker while K CPU-bound jobs run in an executor through
loop.run_in_executor.

    python3 bench/peers/pool_ticker_lag.py threads|processes K [seconds]

The lag of a tick is how much later than asked its asyncio.sleep(0.001)
ended. The executor is warmed first; the jobs spin for the whole
measurement. Prints one JSON line with the same keys as the Lua program.
"""

import asyncio
import concurrent.futures as cf
import json
import math
import sys
import time


def spin(until):
    x = 0
    while time.monotonic() < until:
        for _ in range(1000):
            x += 1
    return x


def nap():
    time.sleep(0.05)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * p / 100) - 1)] if ordered else 0


async def measure(kind, jobs, seconds):
    loop = asyncio.get_running_loop()
    make = cf.ProcessPoolExecutor if kind == "processes" else cf.ThreadPoolExecutor
    pool = make(max_workers=jobs) if jobs > 0 else None
    if pool:
        await asyncio.gather(*[loop.run_in_executor(pool, nap) for _ in range(jobs)])
    started = time.monotonic()
    running = [loop.run_in_executor(pool, spin, started + seconds + 0.2) for _ in range(jobs)]
    await asyncio.sleep(0.05)
    lags = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        t0 = time.monotonic()
        await asyncio.sleep(0.001)
        lags.append(time.monotonic() - t0 - 0.001)
    await asyncio.gather(*running)
    if pool:
        pool.shutdown()
    return lags


def main():
    kind = sys.argv[1] if len(sys.argv) > 1 else "processes"
    jobs = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 2.0
    lags = asyncio.run(measure(kind, jobs, seconds))
    print(json.dumps({"bench": "ticker_lag", "kind": f"cpython {kind}", "jobs": jobs,
                      "p50_ms": round(percentile(lags, 50) * 1e3, 4),
                      "p99_ms": round(percentile(lags, 99) * 1e3, 4),
                      "max_ms": round(max(lags) * 1e3, 4), "samples": len(lags)},
                     separators=(",", ":")))


if __name__ == "__main__":
    main()
