"""pingpong.py — CPython peer of bench/gil/pingpong.lua: thread hand-off
through two threading.Event objects.

    python3 bench/peers/pingpong.py [round_trips]

Prints one JSON line with the same keys as the Lua program.
"""

import json
import math
import sys
import threading
import time


def main():
    round_trips = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    ping, pong = threading.Event(), threading.Event()

    def partner(n):
        for _ in range(n):
            ping.wait()
            ping.clear()
            pong.set()

    def bounce():
        sent = time.perf_counter()
        ping.set()
        pong.wait()
        pong.clear()
        return time.perf_counter() - sent

    t = threading.Thread(target=partner, args=(round_trips + 100,))
    t.start()
    for _ in range(100):
        bounce()  # warm up
    one_way = sorted(bounce() / 2 for _ in range(round_trips))
    t.join()
    median = one_way[(round_trips - 1) // 2]
    p99 = one_way[max(0, math.ceil(round_trips * 0.99) - 1)]
    print(json.dumps({"bench": "pingpong", "policy": "cpython", "round_trips": round_trips,
                      "one_way_median_us": round(median * 1e6, 2),
                      "one_way_p99_us": round(p99 * 1e6, 2)},
                     separators=(",", ":")))


if __name__ == "__main__":
    main()
