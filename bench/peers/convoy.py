"""convoy.py — CPython peer of bench/gil/convoy.lua: request/response round
trips over a socketpair, alone and while a CPU-bound thread runs.

    python3 bench/peers/convoy.py [seconds]

The echo server is a forked child process, so it never needs this process's
GIL (like gilvm's native echo peer). Prints one JSON line with the same keys
as the Lua program; the CPU-bound thread counts its batches of work in the
same way, for its share of a CPU (its rate during the busy phase against its
rate while the main thread sleeps).
"""

import json
import os
import socket
import sys
import threading
import time


def echo_server(sock):
    while True:
        data = sock.recv(65536)
        if not data:
            break
        sock.sendall(data)


def round_trips(sock, duration):
    times = []
    start = time.monotonic()
    deadline = start + duration
    now = start
    while now < deadline:
        sent = now
        sock.send(b"x")
        sock.recv(1)
        now = time.monotonic()
        times.append(now - sent)
    times.sort()
    return {
        "per_second": len(times) / (now - start),
        "median_us": times[(len(times) - 1) // 2] * 1e6,
        "p99_us": times[max(0, -(-len(times) * 99 // 100) - 1)] * 1e6,
        "max_us": times[-1] * 1e6,
    }


def spin(flag):
    while not flag["stop"]:
        s = 0
        for i in range(1000):
            s += i % 7
        flag["batches"] += 1


def batch_rate(flag, fn, *args):
    """Batches per second done by the spinner while fn runs."""
    batches, t0 = flag["batches"], time.monotonic()
    result = fn(*args)
    return (flag["batches"] - batches) / (time.monotonic() - t0), result


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 1.5
    ours, theirs = socket.socketpair()
    pid = os.fork()
    if pid == 0:
        ours.close()
        echo_server(theirs)
        os._exit(0)
    theirs.close()

    round_trips(ours, 0.05)  # warm up
    alone = round_trips(ours, seconds)

    flag = {"stop": False, "batches": 0}
    spinner = threading.Thread(target=spin, args=(flag,))
    spinner.start()
    time.sleep(0.01)  # let the spinner start
    spinner_alone, _ = batch_rate(flag, time.sleep, 0.2)
    spinner_busy, busy = batch_rate(flag, round_trips, ours, seconds)
    spinner_share = spinner_busy / spinner_alone
    flag["stop"] = True
    spinner.join()
    ours.close()
    os.waitpid(pid, 0)

    print(json.dumps({"bench": "convoy", "policy": "cpython", "interval": sys.getswitchinterval(),
                      "alone_per_s": round(alone["per_second"], 1),
                      "alone_median_us": round(alone["median_us"], 1),
                      "alone_p99_us": round(alone["p99_us"], 1),
                      "busy_per_s": round(busy["per_second"], 1),
                      "busy_median_us": round(busy["median_us"], 1),
                      "busy_p99_us": round(busy["p99_us"], 1),
                      "busy_max_us": round(busy["max_us"], 1), "busy_switches": None,
                      "spinner_share": round(spinner_share, 3)},
                     separators=(",", ":")))


if __name__ == "__main__":
    main()
