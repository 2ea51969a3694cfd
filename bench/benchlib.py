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


def run_output(argv, timeout_s=300, env=None):
    """Runs argv in the repository root; returns what it printed on stdout."""
    shown = [os.path.relpath(a, REPO_ROOT) if isinstance(a, Path) else str(a) for a in argv]
    log("  " + " ".join(shlex.quote(a) for a in shown))
    proc = subprocess.run(
        [str(a) for a in argv], cwd=REPO_ROOT, stdin=subprocess.DEVNULL,
        capture_output=True, text=True, timeout=timeout_s, env=env)
    if proc.returncode != 0:
        raise RuntimeError(f"{argv[0]} exited with status {proc.returncode}:\n{proc.stderr}")
    return proc.stdout


def run_json(argv, timeout_s=300, env=None):
    """Runs argv in the repository root; returns the one JSON line it printed."""
    stdout = run_output(argv, timeout_s, env)
    lines = [line for line in stdout.splitlines() if line.startswith("{")]
    if len(lines) != 1:
        raise RuntimeError(f"expected one JSON line from {argv}, got:\n{stdout}")
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


def cpu_model():
    """The processor's name, as /proc/cpuinfo gives it where it can."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_record():
    """The machine now, as data: cores, CPU, kernel, load average (1, 5, 15 min)."""
    return {"cores": os.cpu_count(), "cpu": cpu_model(),
            "system": f"{platform.system()} {platform.release()}",
            "load": [round(x, 2) for x in os.getloadavg()]}


def machine_description(gilvm, python):
    python_version = subprocess.run(
        [python, "-c", "import sys; print(sys.version.split()[0])"],
        capture_output=True, text=True).stdout.strip()
    gilvm_version = subprocess.run([str(gilvm), "-v"], capture_output=True,
                                   text=True).stdout.strip()
    return (f"- machine: {os.cpu_count()} CPUs ({cpu_model()}), "
            f"{platform.system()} {platform.release()}\n"
            f"- gilvm: {gilvm_version}\n"
            f"- python: {python} {python_version}")


def load_average():
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


LOAD_NOTE = ("other work on the machine delays wake-ups: with every core busy a woken thread "
             "can wait for the next scheduler tick")


def driver_main(doc, script, title, experiments, make_runner, tables, figures_path,
                add_options=None, about=None, load_note=LOAD_NOTE, notes=None):
    """The command line every experiment driver has: choose experiments and
    rounds, run them (each round runs every selected experiment once, so
    drifting load hits all alike), print the medians as markdown tables with
    the command, date, machine and load, and with --write keep them in
    figures_path. make_runner(args) gives what the experiments take;
    tables(figures) turns {experiment: {config: medians}} into markdown.
    A driver with more to say: add_options(parser) adds its own options;
    about, a few words after "do not edit by hand" (where the figures are
    explained); load_note, why the load average matters to its figures;
    notes(args, runner), more "- ..." lines (each ending in a newline) for
    the head of the figures, made after the runs."""
    import argparse
    import datetime
    import time

    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--gilvm", default="build/gil/gilvm", help="the GIL build of gilvm")
    parser.add_argument("--python", default="python3", help="the CPython to compare with")
    parser.add_argument("--rounds", type=int, default=None, help="rounds; medians are reported "
                        "(default 3, 1 with --quick)")
    parser.add_argument("--quick", action="store_true", help="short runs, for a smoke test")
    parser.add_argument("--write", action="store_true",
                        help=f"write {figures_path.relative_to(REPO_ROOT)}")
    parser.add_argument("--json", metavar="FILE", help="also write every round's raw figures")
    parser.add_argument("experiments", nargs="*", metavar="EXPERIMENT",
                        help=f"a selection of {', '.join(experiments)} (default: all)")
    if add_options:
        add_options(parser)
    args = parser.parse_args()
    for name in args.experiments:
        if name not in experiments:
            parser.error(f"unknown experiment {name!r}; expected one of {', '.join(experiments)}")
    if args.rounds is None:
        args.rounds = 1 if args.quick else 3
    if not os.path.isabs(args.gilvm) and (REPO_ROOT / args.gilvm).exists():
        args.gilvm = REPO_ROOT / args.gilvm
    selected = args.experiments or list(experiments)
    if args.write and selected != list(experiments):
        parser.error("--write needs every experiment")

    command = " ".join(shlex.quote(a) for a in [script] + sys.argv[1:])
    machine = machine_description(args.gilvm, args.python)
    runner = make_runner(args)
    load_at_start = load_average()
    started = time.monotonic()
    rounds = {name: [] for name in selected}
    for k in range(args.rounds):
        for name in selected:
            log(f"round {k + 1}/{args.rounds}: {name}")
            rounds[name].append(experiments[name](runner))
    log(f"done in {time.monotonic() - started:.0f} s")

    if args.json:
        Path(args.json).write_text(json.dumps(rounds, indent=1) + "\n", encoding="utf-8")
    figures = {name: median_of_rounds(rounds[name]) for name in selected}
    if selected != list(experiments):
        print(json.dumps(figures, indent=1))
        return

    date = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    text = (f"# {title}\n\n"
            f"Generated by {script}; do not edit by hand{f' ({about})' if about else ''}. "
            "Every figure is the median "
            f"of its {args.rounds} round{'s' if args.rounds != 1 else ''} on its own (so a "
            "ratio need not be the ratio of the medians beside it). Reference numbers "
            "(\"anchor\") are the project's CPython reference figures (ANCHORS.md), measured "
            "on another machine: compare ratios, not absolute times.\n\n"
            f"- command: `{command}`\n- date: {date}\n{machine}\n"
            f"- load average (1, 5, 15 min) at start: {load_at_start}; at end: {load_average()} "
            f"({load_note})\n" + (notes(args, runner) if notes else "") + "\n" + tables(figures))
    print(text)
    if args.write:
        figures_path.write_text(text, encoding="utf-8")
        log(f"wrote {figures_path.relative_to(REPO_ROOT)}")
