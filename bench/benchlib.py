"""benchlib.py — what the experiment drivers (gil_run.py, loop_run.py, ...)
share: running a program that prints one JSON line, medians over rounds,
markdown tables, and the description of the machine a run was made on.
"""

import json
import math
import os
import platform
import shlex
import statistics
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def log(message):
    print(message, file=sys.stderr, flush=True)


def run_json(argv, timeout_s=300, env=None):
    """Runs argv in the repository root; returns the one JSON line it printed."""
    shown = [os.path.relpath(a, REPO_ROOT) if isinstance(a, Path) else str(a) for a in argv]
    log("  " + " ".join(shlex.quote(a) for a in shown))
    proc = subprocess.run(
        [str(a) for a in argv], cwd=REPO_ROOT, stdin=subprocess.DEVNULL,
        capture_output=True, text=True, timeout=timeout_s, env=env)
    if proc.returncode != 0:
        raise RuntimeError(f"{argv[0]} exited with status {proc.returncode}:\n{proc.stderr}")
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if len(lines) != 1:
        raise RuntimeError(f"expected one JSON line from {argv}, got:\n{proc.stdout}")
    return json.loads(lines[0])


def percentile(values, p):
    """Nearest-rank percentile; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * p / 100) - 1)]


def median_of_rounds(rounds):
    """[{config: {key: value}}] per round -> {config: {key: median}}; keys
    whose values are not numbers keep the first round's value."""
    merged = {}
    for config in rounds[0]:
        figures = {}
        for key, first in rounds[0][config].items():
            values = [rnd[config].get(key) for rnd in rounds]
            numbers = [v for v in values
                       if isinstance(v, (int, float)) and not isinstance(v, bool)]
            complete = numbers and len(numbers) == len(values)
            figures[key] = statistics.median(numbers) if complete else first
        merged[config] = figures
    return merged


def fmt(value, spec=".2f"):
    return "–" if value is None else format(value, spec)


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def verdict(ok):
    return "yes" if ok else "**no**"


def machine_description(gilvm, python):
    python_version = subprocess.run(
        [python, "-c", "import sys; print(sys.version.split()[0])"],
        capture_output=True, text=True).stdout.strip()
    gilvm_version = subprocess.run([str(gilvm), "-v"], capture_output=True,
                                   text=True).stdout.strip()
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"- machine: {os.cpu_count()} CPUs ({cpu}), {platform.system()} {platform.release()}\n"
            f"- gilvm: {gilvm_version}\n"
            f"- python: {python} {python_version}")


def load_average():
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())
