#!/usr/bin/env python3
"""No worker process of executor.processes outlives the program, however it
ends: normally, after an uncaught error, with os.exit, after Ctrl-C (SIGINT;
exit status 130, promptly, while the main thread waits on a job, runs Lua,
awaits in a loop, or waits at exit for a pool), or killed outright (SIGKILL:
the workers are killed by the kernel, PR_SET_PDEATHSIG). A worker counts as
left behind if its /proc entry is there and it is not a zombie of ours that
someone else already reaped: every exit but SIGKILL must also leave no zombie.

Each script starts two busy (or idle) workers, prints "pids P1 P2" and then
"ready" just before the moment under test.

usage: check_pool_processes.py GILVM
"""
import os
import signal
import subprocess
import sys
import threading
import time

from drivers import SANITIZER_REPORT

SETUP = """
local ex = executor.processes(2)
local function spin() while true do end end
local function start(job)
  -- Two workers whatever the job: two jobs long enough that the first cannot
  -- finish before the second is submitted (a quick job could, and then one
  -- worker would do both).
  local nap = function() thread.sleep(0.3) end
  local warm = { ex:submit(nap), ex:submit(nap) }
  for _, f in ipairs(warm) do f:result() end
  local futures = { ex:submit(job), ex:submit(job) }
  while #ex:pids() < 2 do thread.sleep(0.01) end
  print("pids " .. table.concat(ex:pids(), " "))
  return futures
end
"""

# name: (script, how it ends, expected exit status)
CASES = {
    "Ctrl-C while main waits on a job": (
        "local f = start(spin) print('ready') f[1]:result()", "sigint", 130),
    "Ctrl-C while main runs Lua": (
        "start(spin) print('ready') spin()", "sigint", 130),
    "Ctrl-C while a loop awaits a job": (
        "loop.run(function() local f = start(spin) print('ready') await(f[1]) end)", "sigint", 130),
    "Ctrl-C while exit waits for a pool": (
        "start(spin) print('ready')", "sigint", 130),
    "Ctrl-C while exit waits for a thread pool": (
        "start(function() end) executor.threads(1):submit(spin) print('ready')", "sigint", 130),
    "Ctrl-C in map": (
        "start(function() end) print('ready') ex:map(spin, {1, 2, 3})", "sigint", 130),
    "normal exit, idle workers": (
        "start(function() end) print('ready')", "wait", 0),
    "uncaught error, busy workers": (
        "start(function() thread.sleep(0.2) end) print('ready') error('oops')", "wait", 1),
    "os.exit with busy workers": (
        "start(spin) print('ready') os.exit(5)", "wait", 5),
    "killed (SIGKILL) with busy workers": (
        "start(spin) print('ready') thread.sleep(1000)", "sigkill", -9),
}


def process_state(pid):
    """The state letter of /proc/PID/stat, or None if there is no such process."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return None


def leftovers(pids, allow_zombies):
    deadline = time.monotonic() + 3
    while True:
        left = [(p, s) for p in pids if (s := process_state(p)) and not (allow_zombies and s == "Z")]
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.05)


def run(gilvm, name, code, how, expected):
    proc = subprocess.Popen([gilvm, "-e", SETUP + code], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    # A script that never gets ready is killed, and says so, rather than
    # hanging the test.
    watchdog = threading.Timer(30, proc.kill)
    watchdog.start()
    first = proc.stdout.readline().split()
    ready = proc.stdout.readline().strip() == "ready"
    watchdog.cancel()
    if not ready or not first or first[0] != "pids":
        proc.kill()
        _, err = proc.communicate()
        return f"{name}: the script did not get ready within 30 s: {err!r}"
    pids = [int(p) for p in first[1:]]
    time.sleep(0.1)
    sent = time.monotonic()
    if how == "sigint":
        proc.send_signal(signal.SIGINT)
    elif how == "sigkill":
        proc.kill()
    try:
        _, err = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        return f"{name}: no exit within 20 s"
    took = time.monotonic() - sent
    if SANITIZER_REPORT.search(err):
        return f"{name}: sanitizer report on stderr: {err}"
    if proc.returncode != expected:
        return f"{name}: exit status {proc.returncode}, expected {expected}; stderr: {err!r}"
    if how == "sigint" and took > 5:
        return f"{name}: exit took {took:.1f} s after SIGINT"
    # A parent killed outright cannot reap: its workers die, and reaping them
    # is up to whoever inherits them.
    left = leftovers(pids, allow_zombies=how == "sigkill")
    if left:
        return f"{name}: worker processes left behind (pid, state): {left}"
    print(f"ok   {name}: exit {proc.returncode} after {took * 1000:.0f} ms, workers {pids} gone")
    return None


def main():
    gilvm = sys.argv[1]
    failures = []
    for name, (code, how, expected) in CASES.items():
        failure = run(gilvm, name, code, how, expected)
        if failure:
            print("FAIL " + failure)
            failures.append(failure)
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
