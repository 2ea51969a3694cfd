"""What the test drivers (run_script_tests, run_diff_tests) share: running a
program under a time limit, and recognising a sanitizer's report."""

import os
import re
import signal
import subprocess
from dataclasses import dataclass

# What the sanitizers print when they find a bug; such a run fails whatever
# its output and exit status.
SANITIZER_REPORT = re.compile(
    r"ERROR: (AddressSanitizer|LeakSanitizer)|WARNING: ThreadSanitizer|"
    r"\.(cpp|h|c):\d+:\d+: runtime error:"
)


@dataclass
class Completed:
    status: int | None  # None when the run timed out
    stdout: bytes
    stderr: bytes

    @property
    def timed_out(self) -> bool:
        return self.status is None

    @property
    def stderr_text(self) -> str:
        return self.stderr.decode("utf-8", errors="replace")


def run_program(argv: list, cwd, timeout_s: float) -> Completed:
    """Runs argv with no stdin. On timeout the whole process group is killed:
    a program that started workers of its own must not leave them running,
    nor holding our pipes open."""
    proc = subprocess.Popen(
        argv,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        stdout, stderr = proc.communicate(timeout=timeout_s)
        return Completed(proc.returncode, stdout, stderr)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return Completed(None, b"", b"")
