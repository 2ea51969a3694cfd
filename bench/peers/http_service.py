#!/usr/bin/python3
"""The seed's FastAPI service under uvicorn: the peer of
scripts/http_service.lua, with the same endpoints and command line.

    /usr/bin/python3 bench/peers/http_service.py [--host 127.0.0.1] [--port 8000]
        [--workers 2] [--job pow|python] [--job-size N]

Run it with Debian's Python (/usr/bin/python3): FastAPI and uvicorn are
Debian's packages (python3-fastapi, uvicorn), installed by tools/setup.sh.
It prints "listening on http://HOST:PORT" once its socket accepts
connections (--port 0 picks a free port) and serves until Ctrl-C.

  GET  /ping              "pong", from the event loop
  GET  /gil-blocking      the job in a ThreadPoolExecutor
  GET  /gil-non-blocking  the job in a ProcessPoolExecutor
  POST /jobs              202 {"id": N} at once; the job runs in the process pool
  GET  /jobs/N            {"id":N,"status":"pending"}, or "done" with its result
  GET  /stats             the event loop's lag (a 10 ms ticker, as in gilvm's service)

The job, --job pow (the seed's), is pow(365, 1_000_000): one call into C
that holds the GIL until it returns, so a thread running it stalls the
event loop for the whole call. --job python is interpreted arithmetic (the
same generator as the Lua service's job), which the interpreter switches
away from every switch interval, as gilvm's VM does. --job-size is pow's
exponent (default 1,000,000) or the Python job's rounds (default 5,000,000).
"""
import argparse
import asyncio
import concurrent.futures
import itertools
import socket
import sys
import time

import uvicorn
from fastapi import FastAPI, HTTPException
from fastapi.responses import JSONResponse, PlainTextResponse


def pow_job(exponent):
    return pow(365, exponent).bit_length()


def python_job(rounds):
    x = 1
    for _ in range(rounds):
        x = (x * 1103515245 + 12345) % 2147483648
    return x


JOBS = {"pow": (pow_job, 1_000_000), "python": (python_job, 5_000_000)}


class LagTicker:
    """How late a 10 ms asyncio.sleep wakes up: the peer of gilvm's loop.lag()."""

    def __init__(self):
        self.samples = []

    async def run(self):
        loop = asyncio.get_running_loop()
        while True:
            due = loop.time() + 0.01
            await asyncio.sleep(0.01)
            self.samples.append(loop.time() - due)
            del self.samples[:-100_000]

    def figures(self):
        ordered = sorted(self.samples)

        def at(p):
            return ordered[min(len(ordered) - 1, int(len(ordered) * p))] * 1e3 if ordered else 0.0
        return {"p50_ms": at(0.5), "p99_ms": at(0.99), "max_ms": at(1.0), "samples": len(ordered)}


def make_app(args):
    job, default_size = JOBS[args.job]
    size = args.job_size or default_size
    threads = concurrent.futures.ThreadPoolExecutor(args.workers)
    processes = concurrent.futures.ProcessPoolExecutor(args.workers)
    jobs = {}
    ids = itertools.count(1)
    ticker = LagTicker()
    app = FastAPI()

    @app.on_event("startup")
    async def start_ticker():
        app.state.ticker = asyncio.create_task(ticker.run())

    async def run_job(pool):
        started = time.monotonic()
        result = await asyncio.get_running_loop().run_in_executor(pool, job, size)
        return {"result": result, "seconds": time.monotonic() - started}

    @app.get("/ping", response_class=PlainTextResponse)
    async def ping():
        return "pong"

    @app.get("/gil-blocking")
    async def gil_blocking():
        return await run_job(threads)

    @app.get("/gil-non-blocking")
    async def gil_non_blocking():
        return await run_job(processes)

    @app.post("/jobs", status_code=202)
    async def post_job():
        job_id = next(ids)
        jobs[job_id] = asyncio.get_running_loop().run_in_executor(processes, job, size)
        return {"id": job_id}

    @app.get("/jobs/{job_id}")
    async def get_job(job_id: int):
        future = jobs.get(job_id)
        if future is None:
            raise HTTPException(status_code=404, detail=f"no job {job_id}")
        if not future.done():
            return {"id": job_id, "status": "pending"}
        return {"id": job_id, "status": "done", "result": future.result()}

    @app.get("/stats")
    async def stats(reset: int = 0):
        body = {"loop_lag": ticker.figures(),
                "gil": {"enabled": True, "policy": "interval",
                        "switch_interval_ms": sys.getswitchinterval() * 1e3}}
        if reset:
            ticker.samples.clear()
        return JSONResponse(body)

    return app


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--job", choices=sorted(JOBS), default="pow")
    parser.add_argument("--job-size", type=int, default=None)
    args = parser.parse_args()
    app = make_app(args)
    # The socket is made here so that its port is known before uvicorn runs.
    # Its protocol must say TCP: asyncio sets TCP_NODELAY only on connections
    # whose socket does, and without it each response waits for the client's
    # delayed ACK (40 ms), as uvicorn's own sockets never do.
    sock = socket.socket(socket.AF_INET6 if ":" in args.host else socket.AF_INET,
                         socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((args.host, args.port))
    sock.listen(2048)
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"listening on http://{host}:{sock.getsockname()[1]}", flush=True)
    config = uvicorn.Config(app, log_level="warning", access_log=False)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
