#!/usr/bin/env python3
"""Drives the HTTP service demo (scripts/http_service.lua, or its FastAPI
peer bench/peers/http_service.py) over loopback and reports how fast /ping
answers while heavy requests keep the server busy.

    gilvm scripts/http_service.lua --port 8000 &
    scripts/http_load.py http://127.0.0.1:8000

Phases, each --seconds long (the standard library's http.client, one
keep-alive connection per client):

  alone      one heavy request at a time, nothing else: how long the job takes
             through each pool (/gil-blocking, then /gil-non-blocking)
  idle       /ping, one request at a time, nothing else running
  threads    /ping one at a time while --in-flight /gil-blocking requests are
             kept in flight (the thread pool: the jobs share the loop's GIL)
  processes  the same with /gil-non-blocking (the process pool)
  jobs       the same with POST /jobs, each job polled with GET /jobs/N every
             10 ms until done, then the next posted
  rate       /ping at a fixed --rate per second beside the process pool; the
             latency of each is counted from when it was due, so a stall also
             delays (and counts in) the pings queued behind it

For each phase: /ping latency p50, p99 and max in ms, the heavy requests
completed per second, and the loop lag the server itself saw (its /stats).
A table on stdout, or with --json one JSON line for bench/http_run.py.
"""
import argparse
import http.client
import json
import math
import sys
import threading
import time
import urllib.parse

PHASES = ["alone", "idle", "threads", "processes", "jobs", "rate"]
HEAVY_PATH = {"threads": "/gil-blocking", "processes": "/gil-non-blocking", "rate": "/gil-non-blocking"}
TIMEOUT_S = 300  # per request: a heavy one may wait long behind others on a busy machine


class Client:
    """One keep-alive connection; reconnects once if the server closed it."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.conn = None

    def request(self, method, path):
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT_S)
            try:
                self.conn.request(method, path, body=b"" if method == "POST" else None)
                response = self.conn.getresponse()
                body = response.read()
                return response.status, body
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise

    def expect(self, method, path, status=200):
        got, body = self.request(method, path)
        if got != status:
            raise RuntimeError(f"{method} {path}: status {got} (expected {status}): {body[:200]!r}")
        return body

    def close(self):
        if self.conn:
            self.conn.close()


def percentile(values, p):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * p / 100) - 1)] if ordered else None


class Heavy:
    """`n` clients, each keeping one heavy request (or posted job) in flight
    until stopped; `done` holds the completion times."""

    def __init__(self, host, port, phase, n):
        self.stop = threading.Event()
        self.done = []
        self.errors = []
        self.threads = [threading.Thread(target=self.run, args=(Client(host, port), phase))
                        for _ in range(n)]
        for t in self.threads:
            t.start()

    def run(self, client, phase):
        try:
            while not self.stop.is_set():
                if phase == "jobs":
                    job_id = json.loads(client.expect("POST", "/jobs", 202))["id"]
                    while json.loads(client.expect("GET", f"/jobs/{job_id}"))["status"] != "done":
                        time.sleep(0.01)
                else:
                    client.expect("GET", HEAVY_PATH[phase])
                self.done.append(time.perf_counter())
        except Exception as e:  # noqa: BLE001 - reported by finish()
            self.errors.append(e)
        finally:
            client.close()

    def finish(self):
        self.stop.set()
        for t in self.threads:
            t.join()
        if self.errors:
            raise self.errors[0]


def run_phase(host, port, phase, seconds, in_flight, rate):
    stats_client = Client(host, port)
    stats_client.expect("GET", "/stats?reset=1")
    pinger = Client(host, port)
    pinger.expect("GET", "/ping")  # connected before the clock starts
    heavy = Heavy(host, port, phase, in_flight) if phase in ("threads", "processes", "jobs", "rate") \
        else None
    if heavy:
        time.sleep(0.1)  # the heavy requests are in flight
    latencies = []
    started = time.perf_counter()
    end = started + seconds
    if phase == "rate":
        due = started
        while due < end:
            pause = due - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            pinger.expect("GET", "/ping")
            latencies.append(time.perf_counter() - due)
            due += 1 / rate
    else:
        while time.perf_counter() < end:
            sent = time.perf_counter()
            pinger.expect("GET", "/ping")
            latencies.append(time.perf_counter() - sent)
    elapsed = time.perf_counter() - started
    completed = 0
    if heavy:
        completed = sum(1 for t in heavy.done if started <= t <= started + elapsed)
        heavy.finish()
    server = json.loads(stats_client.expect("GET", "/stats"))["loop_lag"]
    pinger.close()
    stats_client.close()
    ms = [x * 1e3 for x in latencies]
    return {"pings": len(ms), "p50_ms": percentile(ms, 50), "p99_ms": percentile(ms, 99),
            "max_ms": max(ms), "heavy_per_s": completed / elapsed if heavy else None,
            "loop_lag_p99_ms": server["p99_ms"]}


def run_alone(host, port):
    """Each heavy endpoint once, alone, after a warm-up that starts the
    pools' workers (two requests at once, so both workers start)."""
    warm = Heavy(host, port, "processes", 2)
    while len(warm.done) < 2 and not warm.errors:
        time.sleep(0.01)
    warm.finish()
    client = Client(host, port)
    figures = {}
    for phase in ("threads", "processes"):
        started = time.perf_counter()
        client.expect("GET", HEAVY_PATH[phase])
        figures[f"{phase}_ms"] = (time.perf_counter() - started) * 1e3
    client.close()
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", help="the service, e.g. http://127.0.0.1:8000")
    parser.add_argument("--phases", default=",".join(PHASES),
                        help=f"a comma-separated selection of {', '.join(PHASES)}")
    parser.add_argument("--seconds", type=float, default=5, help="length of each phase")
    parser.add_argument("--in-flight", type=int, default=2, help="heavy requests kept in flight")
    parser.add_argument("--rate", type=float, default=100, help="pings per second in phase rate")
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    args = parser.parse_args()
    url = urllib.parse.urlsplit(args.url)
    if url.scheme != "http" or not url.hostname or not url.port:
        parser.error(f"expected a URL like http://127.0.0.1:8000, not {args.url}")
    phases = args.phases.split(",")
    for phase in phases:
        if phase not in PHASES:
            parser.error(f"unknown phase {phase!r}; expected some of {', '.join(PHASES)}")

    results = {}
    for phase in phases:
        print(f"phase {phase} ...", file=sys.stderr, flush=True)
        if phase == "alone":
            results[phase] = run_alone(url.hostname, url.port)
        else:
            results[phase] = run_phase(url.hostname, url.port, phase, args.seconds,
                                       args.in_flight, args.rate)
    if args.json:
        print(json.dumps(results))
        return
    for phase, r in results.items():
        if phase == "alone":
            print(f"{'alone':10} job through the thread pool {r['threads_ms']:.0f} ms, "
                  f"through the process pool {r['processes_ms']:.0f} ms")
            continue
        heavy = f", heavy {r['heavy_per_s']:.2f}/s" if r["heavy_per_s"] is not None else ""
        print(f"{phase:10} /ping p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms, "
              f"max {r['max_ms']:.1f} ms ({r['pings']} pings){heavy}; "
              f"server's loop lag p99 {r['loop_lag_p99_ms']:.2f} ms")


if __name__ == "__main__":
    main()
