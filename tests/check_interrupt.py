#!/usr/bin/env python3
"""Ctrl-C with threads: SIGINT reaches the main thread as the Lua error
`interrupted` and the program exits with status 130, promptly, whatever the
main thread is doing (running Lua, joining, sleeping, waiting on a queue, or
waiting for other threads at exit) and whatever the other threads do.

In an event loop, Ctrl-C at a random moment, whichever task is running then
(or none, the loop waiting): the main task is cancelled, as asyncio.run
does, and loop.run raises "interrupted"; a main task that survives its
cancellation is ended by a second Ctrl-C.

usage: check_interrupt.py GILVM
"""
import random
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

# name: (script, how many Ctrl-Cs it takes); each runs several times, with
# Ctrl-C at a random moment after "ready". A task that never awaits cannot be
# cancelled: one that spins says "ready" itself, once it runs, so that Ctrl-C
# finds it running (and ends it) rather than about to start.
LOOP_CASES = {
    "a spawned task spins": (
        SPIN + "loop.run(function() loop.spawn(function() print('ready') spin() end) "
        "loop.sleep(1000) end)", 1),
    "tasks take turns": (
        "loop.run(function() for i = 1, 8 do loop.spawn(function() while true do loop.sleep(0) end"
        " end) end print('ready') while true do loop.sleep(0.001) end end)", 1),
    "tasks compute and await jobs": (
        "loop.run(function() for i = 1, 3 do loop.spawn(function() while true do"
        " local x = 0 for j = 1, 1e5 do x = x + j end"
        " await(loop.to_thread(function() local y = 0 for j = 1, 1e5 do y = y + j end end)) end"
        " end) end print('ready') loop.sleep(1000) end)", 1),
    "the main task survives its cancellation": (
        SPIN + "loop.run(function() loop.spawn(function() print('ready') spin() end) "
        "while true do pcall(loop.sleep, 1000) end end)", 2),
}
RUNS_PER_LOOP_CASE = 4


def run(gilvm, name, code, policy, delay=0.1, signals=1):
    proc = subprocess.Popen([gilvm, f"--gil-policy={policy}", "-e", code],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.stdout.readline().strip() != "ready":
        proc.kill()
        _, err = proc.communicate()
        return f"{name} [{policy}]: the script did not start: {err!r}"
    time.sleep(delay)
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    for _ in range(signals - 1):
        time.sleep(0.3)
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
        runs = [(name, code, 0.1, 1) for name, code in CASES.items()]
        for name, (code, signals) in LOOP_CASES.items():
            runs += [(name, code, random.uniform(0, 0.3), signals)
                     for _ in range(RUNS_PER_LOOP_CASE)]
        for name, code, delay, signals in runs:
            failure = run(gilvm, name, code, policy, delay, signals)
            if failure:
                print("FAIL " + failure)
                failures.append(failure)
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
