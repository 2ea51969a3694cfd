#!/usr/bin/env python3
"""Ctrl-C with threads: SIGINT reaches the main thread as the Lua error
`interrupted` and the program exits with status 130, promptly, whatever the
main thread is doing (running Lua, joining, sleeping, waiting on a queue, or
waiting for other threads at exit) and whatever the other threads do.

usage: check_interrupt.py GILVM
"""
import signal
import subprocess
import sys
import time

SPIN = "local function spin() local x = 0 while true do x = x + 1 end end\n"

# Each script prints "ready" (print flushes) just before it starts waiting;
# SIGINT is sent a little after that line arrives.
CASES = {
    "main runs Lua, a thread spins": SPIN + "thread.spawn(spin) print('ready') spin()",
    "main joins a spinning thread": SPIN + "local h = thread.spawn(spin) print('ready') h:join()",
    "main sleeps": "print('ready') thread.sleep(1000)",
    "main waits on a queue": "print('ready') sync.queue():get()",
    "main waits on a lock": "local l = sync.lock() l:acquire() print('ready') l:acquire()",
    "exit waits for a sleeping thread": "thread.spawn(function() thread.sleep(1000) end) print('ready')",
    "exit waits for a spinning thread": SPIN + "thread.spawn(spin) print('ready')",
    "an event loop waits for a timer": "loop.run(function() print('ready') loop.sleep(1000) end)",
    "an event loop beside a pool job": SPIN + "loop.run(function() local f = loop.to_thread(spin) "
                                       "print('ready') await(f) end)",
    "a future's result() blocks": "local f = executor.threads(1):submit(thread.sleep, 1000) "
                                  "print('ready') f:result()",
    "exit waits for a pool job": "executor.threads(1):submit(thread.sleep, 1000) print('ready')",
}


def run(gilvm, name, code, policy):
    proc = subprocess.Popen([gilvm, f"--gil-policy={policy}", "-e", code],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.stdout.readline().strip() != "ready":
        proc.kill()
        _, err = proc.communicate()
        return f"{name} [{policy}]: the script did not start: {err!r}"
    time.sleep(0.1)
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        return f"{name} [{policy}]: no exit within 10 s of SIGINT"
    took = time.monotonic() - sent
    if proc.returncode != 130:
        return f"{name} [{policy}]: exit status {proc.returncode}, expected 130; stderr: {err!r}"
    if "exit waits" not in name and "interrupted" not in err:
        return f"{name} [{policy}]: no 'interrupted' error on stderr: {err!r}"
    print(f"ok   {name} [{policy}]: exit 130 after {took * 1000:.0f} ms")
    return None


def main():
    gilvm = sys.argv[1]
    failures = []
    for policy in ("interval", "priority"):
        for name, code in CASES.items():
            failure = run(gilvm, name, code, policy)
            if failure:
                print("FAIL " + failure)
                failures.append(failure)
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
