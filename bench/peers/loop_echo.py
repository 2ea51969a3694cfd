"""loop_echo.py — CPython peer of bench/loop/echo.lua.

    python3 bench/peers/loop_echo.py [round_trips]

TCP echo over loopback with asyncio streams, client and server on one loop:
a line out, the same line back. One JSON line.
"""

import asyncio
import json
import statistics
import sys
import time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000


async def handle(reader, writer):
    while True:
        line = await reader.readline()
        if not line:
            break
        writer.write(line)
        await writer.drain()
    writer.close()


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    samples = []
    t0 = time.perf_counter()
    for i in range(N):
        ts = time.perf_counter()
        writer.write(b"ping\n")
        await writer.drain()
        assert await reader.readline() == b"ping\n"
        if i % 10 == 0:
            samples.append(time.perf_counter() - ts)
    elapsed = time.perf_counter() - t0
    writer.close()
    await writer.wait_closed()
    await asyncio.sleep(0.01)  # the handler sees the end of the stream and returns
    server.close()
    await server.wait_closed()
    return elapsed, statistics.median(samples)


elapsed, median = asyncio.run(main())
print(json.dumps({"bench": "echo", "round_trips": N, "per_s": N / elapsed,
                  "median_us": median * 1e6}))
