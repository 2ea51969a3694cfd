#!/usr/bin/env python3
"""The HTTP service demo (scripts/http_service.lua on scripts/lib/http.lua),
end to end over loopback: every endpoint, keep-alive and pipelining,
malformed and oversize requests, clients that disconnect mid-request or
send slowly (slow loris), 200 concurrent connections and /jobs round trips.
After all of it the service must still answer, and exit on Ctrl-C.

Nothing here asserts on time: where the server must do something "in the
end" (cut off a slow client), the check waits up to a deadline far beyond
what any machine needs, and only its passing counts.

usage: check_http.py GILVM [CHECK...]     (CHECK: a name, or part of one, below)
Prints one line per check and ends with `N passed, N failed`.
"""
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from drivers import SANITIZER_REPORT

REPO = Path(__file__).resolve().parent.parent
SERVICE = REPO / "scripts" / "http_service.lua"
JOB_ROUNDS = 20000          # the Lua job's size: quick, even under a sanitizer
REQUEST_TIMEOUT_S = 2       # --timeout: how long the server waits for a request
PATIENCE_S = 120            # how long a check waits for what must happen


def lua_job(rounds):
    """What scripts/http_service.lua's job returns."""
    x = 1
    for _ in range(rounds):
        x = (x * 1103515245 + 12345) % 2147483648
    return x


class Service:
    def __init__(self, gilvm):
        self.proc = subprocess.Popen(
            [gilvm, str(SERVICE), "--port", "0", "--job-size", str(JOB_ROUNDS),
             "--timeout", str(REQUEST_TIMEOUT_S)],
            cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            start_new_session=True)
        self.stderr = []
        threading.Thread(target=lambda: self.stderr.extend(self.proc.stderr), daemon=True).start()
        first = self.read_first_line()
        match = re.fullmatch(r"listening on http://127\.0\.0\.1:(\d+)\n", first)
        if not match:
            self.kill()
            raise SystemExit(f"expected 'listening on http://127.0.0.1:PORT', got {first!r}; "
                             f"stderr: {self.stderr_text()}")
        self.port = int(match.group(1))

    def read_first_line(self):
        line = []
        reader = threading.Thread(target=lambda: line.append(self.proc.stdout.readline().decode()),
                                  daemon=True)
        reader.start()
        reader.join(PATIENCE_S)
        return line[0] if line else "(nothing)"

    def stderr_text(self):
        return b"".join(self.stderr).decode(errors="replace")

    def kill(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()


GILVM = None
SERVICE_PORT = None


def connect(timeout=PATIENCE_S):
    return socket.create_connection(("127.0.0.1", SERVICE_PORT), timeout=timeout)


def client():
    return http.client.HTTPConnection("127.0.0.1", SERVICE_PORT, timeout=PATIENCE_S)


def get(path, method="GET", body=None):
    """One request on a fresh connection: (status, headers, body)."""
    conn = client()
    try:
        conn.request(method, path, body=body)
        r = conn.getresponse()
        return r.status, r.headers, r.read()
    finally:
        conn.close()


def raw(data, sock=None):
    """Sends raw bytes, returns the response (status, headers, body, sock)."""
    sock = sock or connect()
    sock.sendall(data)
    r = http.client.HTTPResponse(sock)
    r.begin()
    return r.status, r.headers, r.read(), sock


def closed_by_server(sock):
    """True once the server has closed its end (after what it had sent)."""
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return True
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False


CHECKS = []


def check(fn):
    CHECKS.append(fn)
    return fn


@check
def ping_and_keep_alive():
    conn = client()
    for _ in range(3):
        conn.request("GET", "/ping")
        r = conn.getresponse()
        assert (r.status, r.read()) == (200, b"pong"), r.status
        sock = conn.sock
        assert sock is not None, "the server closed a keep-alive connection"
    conn.close()


@check
def http_1_0_closes_unless_asked():
    status, headers, body, sock = raw(b"GET /ping HTTP/1.0\r\n\r\n")
    assert (status, body, headers["Connection"]) == (200, b"pong", "close"), (status, headers)
    assert closed_by_server(sock)
    status, headers, body, sock = raw(b"GET /ping HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
    assert (status, headers["Connection"]) == (200, "keep-alive"), (status, headers)
    status, _, body, _ = raw(b"GET /ping HTTP/1.0\r\n\r\n", sock)
    assert (status, body) == (200, b"pong")


@check
def pipelined_requests_answered_in_order():
    sock = connect()
    sock.sendall(b"GET /ping HTTP/1.1\r\nHost: x\r\n\r\n"
                 b"GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n"
                 b"\r\nGET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    # Read to the end (the last request asked to close): an HTTPResponse per
    # answer would read ahead into the next one.
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    statuses = [int(s) for s in re.findall(rb"HTTP/1\.1 (\d\d\d) ", data)]
    assert statuses == [200, 404, 200], data


@check
def not_found_and_wrong_method():
    status, _, body = get("/nowhere")
    assert status == 404 and json.loads(body) == {"detail": "Not Found"}, (status, body)
    status, headers, _ = get("/ping", method="POST", body=b"")
    assert status == 405 and headers["Allow"] == "GET", (status, headers)
    status, headers, _ = get("/jobs", method="GET")
    assert status == 405 and headers["Allow"] == "POST", (status, headers)
    assert get("/jobs/abc")[0] == 404
    assert get("/jobs/99999999")[0] == 404


MALFORMED = {
    b"GARBAGE\r\n\r\n": 400,
    b"\x00\x01\x02\xff\xfe binary\n": 400,
    b"GET /ping\r\n\r\n": 400,
    b"GET ping HTTP/1.1\r\nHost: x\r\n\r\n": 400,
    b"GET /ping HTTP/1.1\r\n\r\n": 400,  # no Host
    b"GET /ping HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n": 400,
    b"GET /ping HTTP/1.1\r\nHost: x\r\n folded: line\r\n\r\n": 400,
    b"GET /ping HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n": 400,
    b"POST /jobs HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n": 400,
    b"POST /jobs HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n": 400,
    b"POST /jobs HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n": 501,
    b"GET /ping HTTP/2.0\r\nHost: x\r\n\r\n": 505,
}


@check
def malformed_requests_400():
    for data, expected in MALFORMED.items():
        status, headers, body, sock = raw(data)
        assert status == expected, (data, status, body)
        assert headers["Connection"] == "close", (data, headers)
        assert closed_by_server(sock), data
        sock.close()


@check
def random_garbage():
    rng = __import__("random").Random(14)
    for n in (1, 100, 5000, 20000):
        sock = connect()
        sock.sendall(bytes(rng.randrange(256) for _ in range(n)) + b"\r\n\r\n")
        data = b""
        try:
            while chunk := sock.recv(65536):
                data += chunk
        except ConnectionResetError:
            pass
        sock.close()
        assert re.match(rb"HTTP/1\.1 4\d\d ", data), (n, data[:80])


@check
def oversize_header_431_and_long_line_414():
    big = b"GET /ping HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n"
    status, _, _, sock = raw(big)
    assert status == 431, status
    assert closed_by_server(sock)
    many = b"GET /ping HTTP/1.1\r\nHost: x\r\n" + b"X-A: b\r\n" * 2000 + b"\r\n"
    assert raw(many)[0] == 431
    long_line = b"GET /" + b"a" * 20000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"
    assert raw(long_line)[0] == 414


@check
def oversize_body_413():
    status, headers, body, sock = raw(
        b"POST /jobs HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n" + b"x" * 1000)
    assert status == 413, (status, body)
    assert closed_by_server(sock)


@check
def body_within_limit_is_read():
    status, _, body, sock = raw(
        b"POST /jobs HTTP/1.1\r\nHost: x\r\nContent-Length: 500000\r\n\r\n" + b"x" * 500000)
    assert status == 202, (status, body)
    status, _, body, _ = raw(b"GET /ping HTTP/1.1\r\nHost: x\r\n\r\n", sock)
    assert (status, body) == (200, b"pong")


@check
def client_disconnects_mid_request():
    for partial in (b"GE", b"GET /ping HTTP/1.1\r\nHos",
                    b"POST /jobs HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789"):
        for reset in (False, True):
            sock = connect()
            sock.sendall(partial)
            if reset:  # an abortive close: the server sees a reset, not an end of stream
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            sock.close()
    # Gone while the answer is computed: the server's write fails later.
    for path in ("/gil-blocking", "/gil-non-blocking"):
        sock = connect()
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        sock.close()
    assert get("/ping")[:3:2] == (200, b"pong")
    # Every one of those connections ends: the server holds only ours.
    deadline = time.monotonic() + PATIENCE_S
    while (open_now := json.loads(get("/stats")[2])["server"]["connections"]) > 1:
        assert time.monotonic() < deadline, f"{open_now} connections still open"
        time.sleep(0.1)


@check
def slow_loris_is_cut_off_and_blocks_nobody():
    """A client that sends its head a byte at a time, for ever: the others
    are served meanwhile, and the server ends it (408) after its timeout."""
    sock = connect(timeout=0.05)
    head = b"GET /ping HTTP/1.1\r\nHost: x\r\n" + b"X-Slow: " + b"s" * 100000
    answer = b""
    stop = threading.Event()

    def dribble():
        nonlocal answer
        deadline = time.monotonic() + PATIENCE_S
        for byte in head:
            if stop.is_set() or time.monotonic() > deadline:
                return
            try:
                sock.send(bytes([byte]))
                chunk = sock.recv(65536)
            except socket.timeout:
                continue
            except OSError:
                return
            if not chunk:
                return
            answer += chunk

    slow = threading.Thread(target=dribble)
    slow.start()
    try:
        for _ in range(20):
            assert get("/ping")[:3:2] == (200, b"pong")
    finally:
        slow.join(PATIENCE_S)
        stop.set()
        slow.join()
        sock.close()
    assert answer.startswith(b"HTTP/1.1 408 "), answer[:80]


@check
def idle_connection_is_closed_after_timeout():
    sock = connect()
    assert raw(b"GET /ping HTTP/1.1\r\nHost: x\r\n\r\n", sock)[0] == 200
    assert closed_by_server(sock)  # after --timeout seconds idle, without a 408


@check
def two_hundred_concurrent_connections():
    socks = [connect() for _ in range(200)]
    for s in socks:
        s.sendall(b"GET /ping HTTP/1.1\r\nHost: x\r\n\r\n")
    # Each connection is still alive: a second request on every one, sent
    # as soon as its first answer is read (waiting for all 200 answers first
    # would leave the early connections idle past the server's --timeout on
    # a slow machine, and it would close them, rightly).
    for s in socks:
        r = http.client.HTTPResponse(s)
        r.begin()
        assert (r.status, r.read()) == (200, b"pong")
        s.sendall(b"GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    for s in socks:
        r = http.client.HTTPResponse(s)
        r.begin()
        assert (r.status, r.read()) == (200, b"pong")
        s.close()


@check
def heavy_endpoints():
    expected = lua_job(JOB_ROUNDS)
    for path in ("/gil-blocking", "/gil-non-blocking"):
        status, headers, body = get(path)
        assert status == 200 and headers["Content-Type"] == "application/json", (path, status)
        reply = json.loads(body)
        assert reply["result"] == expected and reply["seconds"] >= 0, (path, reply)


@check
def jobs_round_trips():
    expected = lua_job(JOB_ROUNDS)
    ids = []
    for _ in range(6):
        status, _, body = get("/jobs", method="POST", body=b"")
        assert status == 202, status
        ids.append(json.loads(body)["id"])
    assert len(set(ids)) == len(ids), ids
    deadline = time.monotonic() + PATIENCE_S
    for job_id in ids:
        while True:
            status, _, body = get(f"/jobs/{job_id}")
            reply = json.loads(body)
            assert status == 200 and reply["id"] == job_id, (status, reply)
            if reply["status"] == "done":
                assert reply["result"] == expected, reply
                break
            assert reply["status"] == "pending", reply
            assert time.monotonic() < deadline, f"job {job_id} still pending"
            time.sleep(0.02)
    assert get(f"/jobs/{ids[0]}", method="POST", body=b"")[0] == 405


@check
def port_in_use_is_a_clear_error():
    out = subprocess.run([GILVM, str(SERVICE), "--port", str(SERVICE_PORT)], cwd=REPO,
                         stdin=subprocess.DEVNULL, capture_output=True, text=True,
                         timeout=PATIENCE_S)
    assert out.returncode == 1 and "Address already in use" in out.stderr, (out.returncode,
                                                                           out.stderr)


@check
def load_driver_runs():
    """scripts/http_load.py, the demo's load driver, in short phases: its
    report has every figure (their values depend on the machine)."""
    out = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "http_load.py"), f"http://127.0.0.1:{SERVICE_PORT}",
         "--seconds", "0.3", "--json"], capture_output=True, text=True, timeout=PATIENCE_S * 3)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert set(report) == {"alone", "idle", "threads", "processes", "jobs", "rate"}, report
    for phase, figures in report.items():
        if phase == "alone":
            assert figures["threads_ms"] > 0 and figures["processes_ms"] > 0, figures
            continue
        assert figures["pings"] >= 1 and 0 < figures["p50_ms"] <= figures["p99_ms"] <= \
            figures["max_ms"], (phase, figures)
        assert (figures["heavy_per_s"] is None) == (phase == "idle"), (phase, figures)


@check
def stats():
    status, _, body = get("/stats")
    reply = json.loads(body)
    assert status == 200, status
    for key in ("p50_ms", "p99_ms", "max_ms", "samples"):
        assert isinstance(reply["loop_lag"][key], (int, float)), reply
    assert reply["gil"]["policy"] in ("interval", "none"), reply
    assert reply["jobs"]["done"] >= 6 and reply["jobs"]["failed"] == 0, reply
    reply = json.loads(get("/stats?reset=1")[2])
    assert reply["server"]["requests"] > 0


def main():
    global GILVM, SERVICE_PORT
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    chosen = [fn for fn in CHECKS if not sys.argv[2:] or any(a in fn.__name__ for a in sys.argv[2:])]
    GILVM = sys.argv[1]
    service = Service(GILVM)
    SERVICE_PORT = service.port
    passed = failed = 0
    try:
        for fn in chosen:
            try:
                fn()
                passed += 1
                print(f"ok    {fn.__name__}", flush=True)
            except Exception as e:  # noqa: BLE001 - every failure is reported the same way
                failed += 1
                print(f"FAIL  {fn.__name__}: {type(e).__name__}: {e}", flush=True)
            if service.proc.poll() is not None:
                print(f"FAIL  the service exited with status {service.proc.returncode}")
                failed += 1
                break
        if service.proc.poll() is None:
            service.proc.send_signal(signal.SIGINT)
            try:
                status = service.proc.wait(PATIENCE_S)
            except subprocess.TimeoutExpired:
                status = None
            if status == 130:
                passed += 1
                print("ok    exits 130 on Ctrl-C")
            else:
                failed += 1
                print(f"FAIL  exit on Ctrl-C: status {status}")
    finally:
        service.kill()
    stderr = service.stderr_text()
    if SANITIZER_REPORT.search(stderr) or "http: " in stderr:
        failed += 1
        print(f"FAIL  the service's stderr:\n{stderr}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
