"""loop_ticker_lag.py — CPython peer of bench/loop/ticker_lag.lua.

    python3 bench/peers/loop_ticker_lag.py K [seconds] [lua|hold]

A 1 ms ticker on the asyncio loop while K CPU-bound Python jobs run in a
ThreadPoolExecutor. With `hold`, each job is pow(3, N) calibrated to take
0.5 s: C code that keeps the GIL. Prints one JSON line with the ticker's
lag (how late each tick woke up) as p50/p99/max in ms.
"""

import asyncio
import concurrent.futures
import json
import math
import sys
import time

K = int(sys.argv[1]) if len(sys.argv) > 1 else 2
SECONDS = float(sys.argv[2]) if len(sys.argv) > 2 else 2.0
MODE = sys.argv[3] if len(sys.argv) > 3 else "lua"


def cpu_job(deadline):
    x = iterations = 0
    while time.monotonic() < deadline:
        for i in range(10000):
            x += i % 7
        iterations += 10000
    return iterations


def calibrate_pow(seconds):
    exponent = 100_000
    while True:
        t0 = time.perf_counter()
        pow(3, exponent)
        took = time.perf_counter() - t0
        if took > 0.05:
            return int(exponent * (seconds / took) ** (1 / 1.585))
        exponent *= 2


def hold_job(exponent):
    pow(3, exponent)
    return 0


def percentile(values, p):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * p / 100) - 1)]


async def main():
    loop = asyncio.get_running_loop()
    pool = concurrent.futures.ThreadPoolExecutor(max(K, 1))
    exponent = calibrate_pow(0.5) if MODE == "hold" else 0
    # Start the pool's threads first: a new thread takes the GIL at once, and
    # its job would run before the ticker has begun.
    await asyncio.gather(*[loop.run_in_executor(pool, time.sleep, 0.05) for _ in range(K)])
    deadline = time.monotonic() + SECONDS
    jobs = [loop.run_in_executor(pool, hold_job, exponent) if MODE == "hold"
            else loop.run_in_executor(pool, cpu_job, deadline) for _ in range(K)]
    lags = []
    stop = time.monotonic() + SECONDS
    while time.monotonic() < stop:
        expected = time.monotonic() + 0.001
        await asyncio.sleep(0.001)
        lags.append(time.monotonic() - expected)
    done = sum([await j for j in jobs])
    pool.shutdown()
    return lags, done


lags, done = asyncio.run(main())
print(json.dumps({"bench": "ticker_lag", "policy": "cpython", "jobs": K, "mode": MODE,
                  "ticks": len(lags), "p50_ms": percentile(lags, 50) * 1e3,
                  "p99_ms": percentile(lags, 99) * 1e3, "max_ms": max(lags) * 1e3,
                  "job_iterations": done}))
