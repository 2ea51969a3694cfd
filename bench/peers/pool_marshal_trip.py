"""pool_marshal_trip.py — CPython peer of bench/pools/marshal_trip.lua: a
list of 100,000 integers, floats and distinct strings (a third each) through
a ProcessPoolExecutor, each way, less a tiny job's round trip; and pickle's
own speed on it in this process.

    python3 bench/peers/pool_marshal_trip.py [runs]

Prints one JSON line with the keys of the Lua program, plus the pickle's
size and pickle.dumps / pickle.loads throughput (MB = 10^6 bytes).
"""

import concurrent.futures as cf
import json
import pickle
import statistics
import sys
import time

BIG = None


def build():
    return ["string value %d" % i if i % 3 == 0 else i * 7919 if i % 3 == 1 else i / 7
            for i in range(1, 100001)]


def length(t):
    return len(t)


def echo(x):
    return x


def keep_and_return():
    global BIG
    if BIG is None:
        BIG = build()
    return BIG


def timed(pool, fn, *args):
    t0 = time.monotonic()
    r = pool.submit(fn, *args).result()
    return time.monotonic() - t0, r


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    big = build()
    tiny, to, back = [], [], []
    with cf.ProcessPoolExecutor(max_workers=1) as pool:
        timed(pool, keep_and_return)
        for _ in range(runs):
            tiny.append(timed(pool, echo, 1)[0])
            t, n = timed(pool, length, big)
            assert n == 100000
            to.append(t)
            t, r = timed(pool, keep_and_return)
            assert len(r) == 100000
            back.append(t)
    rtt = statistics.median(tiny)
    dumps, loads = [], []
    for _ in range(runs):
        t0 = time.process_time()
        data = pickle.dumps(big, protocol=pickle.HIGHEST_PROTOCOL)
        t1 = time.process_time()
        pickle.loads(data)
        dumps.append(t1 - t0)
        loads.append(time.process_time() - t1)
    size = len(data)
    print(json.dumps({"bench": "marshal_trip", "kind": "cpython processes", "entries": 100000,
                      "to_ms": round((statistics.median(to) - rtt) * 1e3, 3),
                      "from_ms": round((statistics.median(back) - rtt) * 1e3, 3),
                      "rtt_ms": round(rtt * 1e3, 4), "pickle_mb": round(size / 1e6, 3),
                      "dumps_mb_per_s": round(size / 1e6 / statistics.median(dumps), 1),
                      "loads_mb_per_s": round(size / 1e6 / statistics.median(loads), 1)},
                     separators=(",", ":")))


if __name__ == "__main__":
    main()
