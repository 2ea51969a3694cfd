"""hold_vs_release.py — CPython peer of bench/gil/hold_vs_release.lua.

    python3 bench/peers/hold_vs_release.py [seconds]

A ticker thread sleeps 1 ms at a time and records when it woke. Meanwhile the
main thread idles, then computes pow(3, N) (big-integer C code that keeps the
GIL), then hashes a buffer with hashlib.sha256 in 16 MiB updates (each update
releases the GIL). N and the number of updates are calibrated beforehand so
that each call takes about `seconds`. Prints one JSON line with the same keys
as the Lua program.
"""

import hashlib
import json
import sys
import threading
import time

TICK = 0.001
CHUNK = bytes(16 << 20)


def timed(fn, arg):
    t0 = time.perf_counter()
    fn(arg)
    return time.perf_counter() - t0


def big_pow(exponent):
    pow(3, exponent)


def sha256_chunks(count):
    h = hashlib.sha256()
    for _ in range(count):
        h.update(CHUNK)


def calibrate_pow(seconds):
    # Big-integer powering by Karatsuba multiplication: time ~ N^1.585.
    exponent = 100_000
    while timed(big_pow, exponent) < seconds / 8:
        exponent *= 2
    for _ in range(2):
        exponent = int(exponent * (seconds / timed(big_pow, exponent)) ** (1 / 1.585))
    return exponent


def calibrate_sha256(seconds):
    sha256_chunks(1)  # touch the buffer's pages
    per_chunk = timed(sha256_chunks, 8) / 8
    return max(1, round(seconds / per_chunk))


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 0.5
    exponent = calibrate_pow(seconds)
    chunks = calibrate_sha256(seconds)

    stamps = []
    running = True

    def ticker():
        while running:
            stamps.append(time.monotonic())
            time.sleep(TICK)

    def longest_gap(start, end):
        gaps = (b - a for a, b in zip(stamps, stamps[1:]) if b > start and a < end)
        return max(gaps, default=0.0)

    windows = {}

    def window(name, fn, arg):
        start = time.monotonic()
        fn(arg)
        windows[name] = (start, time.monotonic())
        time.sleep(0.02)  # let the ticker record the end of the window

    t = threading.Thread(target=ticker)
    t.start()
    time.sleep(0.05)
    window("idle", time.sleep, seconds)
    window("hold", big_pow, exponent)
    window("release", sha256_chunks, chunks)
    running = False
    t.join()

    def gap_ms(name):
        return round(longest_gap(*windows[name]) * 1e3, 3)

    hold_s = windows["hold"][1] - windows["hold"][0]
    release_s = windows["release"][1] - windows["release"][0]
    print(json.dumps({"bench": "hold_vs_release", "policy": "cpython", "seconds": seconds,
                      "idle_gap_ms": gap_ms("idle"), "hold_gap_ms": gap_ms("hold"),
                      "release_gap_ms": gap_ms("release"), "ticks": len(stamps),
                      "pow_exponent": exponent, "pow_s": round(hold_s, 4),
                      "sha256_chunks": chunks, "sha256_s": round(release_s, 4)},
                     separators=(",", ":")))


if __name__ == "__main__":
    main()
