#!/usr/bin/env python3
"""The tour: one table of what each way of running Lua work does with it,
measured on this machine with both builds of gilvm.

    bench/tour.py              # the full tour: under 90 s on 2 idle cores
    bench/tour.py --quick      # smaller work, 3 runs a figure: about 15 s
    bench/tour.py --markdown   # the table as markdown
    bench/tour.py --write      # also refresh the tour's figures in docs/tour.md
                               # and README.md (between their tour markers)
    bench/tour.py lag stall    # only these experiments' rows

Rows are experiments; columns are the ways to run them: threads on the GIL
build (build/gil/gilvm, default policy), threads on the free-threaded build
(build/ft/gilvm-ft), subinterpreters, worker processes and the event loop
(those three on the GIL build). scripts/tour.lua does the measuring and
prints a JSON line per figure; this driver runs it under each build (and
under --gil-policy=priority for the rows that say so), repeats each
experiment, and merges the runs. A cell is the median of its runs ± half
their interquartile range; a ratio (a speed-up) is taken within one run,
so a drift in the machine's speed hits both of its terms alike.

Every row ends with a verdict derived from its cells, never written in
advance: a cell falls in one of a row's classes (a speed-up "scales", is
"partial" or is "no speed-up") only if its whole spread lies in that class,
otherwise it is "noisy". While an experiment runs, the driver measures the
cores other programs keep busy (/proc/stat, less its own processes' CPU
time); a row whose claim needs idle cores that were not idle says "can't
tell (machine busy)" for the cells the load could explain, instead of a
conclusion. docs/tour.md explains every row.

Progress goes to stderr, one line per experiment; the table to stdout.
Exit status 1 if an experiment failed (its cells say "failed").
"""

import argparse
import datetime
import json
import math
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from benchlib import REPO_ROOT, cpu_model, log

TOUR_SCRIPT = REPO_ROOT / "scripts" / "tour.lua"
BENCH_DIR = REPO_ROOT / "bench"
TOUR_DOC, README = REPO_ROOT / "docs" / "tour.md", REPO_ROOT / "README.md"

# The programs whose CPU time measures what free threading costs one thread.
COST_PROGRAMS = {"full": ["fib", "patterns", "spectral_norm", "string_build"],
                 "quick": ["patterns"]}

# The table's columns: (key, header, what the verdicts call it).
COLUMNS = [
    ("gil", "GIL build", "GIL threads"),
    ("ft", "free-threaded", "free-threaded threads"),
    ("subinterpreters", "subinterpreters", "subinterpreters"),
    ("processes", "worker processes", "processes"),
    ("loop", "event loop", "the loop"),
]
NAME = {key: name for key, _, name in COLUMNS}


# --- the machine ------------------------------------------------------------------------

def usable_cores():
    return len(os.sched_getaffinity(0))


class OtherLoad:
    """How many cores other programs keep busy from start() to stop(): the
    machine's busy time (/proc/stat: user, nice, system, irq, softirq and
    steal, which is time the hypervisor gave to other guests) less the CPU
    time of this process and of the children it has waited for."""

    TICK_S = 1 / os.sysconf("SC_CLK_TCK")

    @classmethod
    def busy_s(cls):
        with open("/proc/stat", encoding="ascii") as f:
            user, nice, system, _idle, _iowait, irq, softirq, steal = map(
                int, f.readline().split()[1:9])
        return (user + nice + system + irq + softirq + steal) * cls.TICK_S

    @staticmethod
    def own_s():
        return sum(usage.ru_utime + usage.ru_stime
                   for usage in map(resource.getrusage,
                                    (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)))

    def start(self):
        self.wall, self.busy, self.own = time.monotonic(), self.busy_s(), self.own_s()

    def stop(self):
        wall = time.monotonic() - self.wall
        others = (self.busy_s() - self.busy) - (self.own_s() - self.own)
        return max(0.0, others / wall)


# --- running the experiments --------------------------------------------------------------

class ExperimentFailed(Exception):
    pass


def run_tour_script(program, flags, quick, experiment, ways):
    """One run of scripts/tour.lua: the JSON lines it printed, as dicts."""
    argv = [str(program), *flags, str(TOUR_SCRIPT), *(["--quick"] if quick else []),
            experiment, *ways]
    proc = subprocess.run(argv, cwd=REPO_ROOT, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=300)
    if proc.returncode != 0:
        raise ExperimentFailed(f"{' '.join(argv)} exited with status {proc.returncode}:\n"
                               f"{proc.stderr.strip()}")
    return [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]


def column_of(line):
    """The figure's column; "-priority" marks GIL-build threads under that policy."""
    if line["way"] == "threads":
        column = "ft" if line["build"] == "free-threaded" else "gil"
        return column + "-priority" if line["policy"] == "priority" else column
    return {"interpreters": "subinterpreters", "processes": "processes",
            "loop": "loop", "alone": "loop"}[line["way"]]


def scaling_figures(lines, many):
    """cpu and io: each column's time on 1 worker, and its speed-up on more
    (the 1-worker time of the same run over theirs)."""
    seconds = defaultdict(dict)
    for line in lines:
        seconds[column_of(line)][line["workers"]] = line["seconds"]
    figures = {}
    for column, by_workers in seconds.items():
        figures[column, "time1"] = by_workers[1]
        for n in many:
            figures[column, f"speedup{n}"] = by_workers[1] / by_workers[n]
    return figures


def named_figures(*names, key=None):
    """Figures read straight from the lines: {(column, name): value}; with
    `key`, the name is the line's value of that key (stall: the call)."""
    def figures(lines):
        out = {}
        for line in lines:
            for name in names:
                out[column_of(line), line[key] if key else name] = line[name]
        return out
    return figures


@dataclass
class Experiment:
    name: str
    title: str
    runs: list = field(default_factory=list)  # (program, flags, ways) per run of tour.lua
    figures: object = None                    # lines of one round -> {(column, name): value}
    max_rounds: int = None
    measure: object = None                    # instead of runs: driver -> figures of a round

    def round(self, driver):
        if self.measure:
            return self.measure(driver)
        lines = []
        for program, flags, ways in self.runs:
            lines += run_tour_script(driver.programs[program], flags, driver.quick, self.name,
                                     ways)
        return self.figures(lines)


POOLS_AND_LOOP = ["threads", "interpreters", "processes", "loop"]
PRIORITY = ["--gil-policy=priority"]

EXPERIMENTS = [
    Experiment("cpu", "CPU-bound work on 1, 2 and 4 workers",
               [("gil", [], POOLS_AND_LOOP), ("ft", [], ["threads"])],
               lambda lines: scaling_figures(lines, [2, 4])),
    Experiment("io", "8 blocking waits on 1 worker and on 8",
               [("gil", [], POOLS_AND_LOOP), ("ft", [], ["threads"])],
               lambda lines: scaling_figures(lines, [8])),
    Experiment("lag", "the event loop's lag beside 2 CPU-bound jobs",
               [("gil", [], ["threads", "interpreters", "processes", "alone"]),
                ("gil", PRIORITY, ["threads"]), ("ft", [], ["threads"])],
               named_figures("p50", "p99")),
    Experiment("stall", "a ticker beside a native call that keeps or releases its GIL",
               [("gil", [], POOLS_AND_LOOP), ("ft", [], ["threads"])],
               named_figures("gap", key="call")),
    Experiment("convoy", "I/O round trips beside a CPU-bound thread",
               [("gil", [], ["threads"]), ("gil", PRIORITY, ["threads"]), ("ft", [], ["threads"])],
               named_figures("median")),
    Experiment("startup", "starting a thread, a subinterpreter, a process, a task",
               [("gil", [], POOLS_AND_LOOP), ("ft", [], ["threads"])],
               named_figures("seconds")),
    Experiment("cost", "one thread's speed, free-threaded against GIL build", max_rounds=3,
               measure=lambda driver: cost_figures(driver.programs, driver.quick)),
]


def cpu_seconds_of_pair(programs, script):
    """Runs the GIL build and the free-threaded one on bench/SCRIPT.lua at the
    same time (on 2 or more cores each has one, and both meet the same load);
    returns their CPU times (user + system, from wait4), after checking that
    they printed the same checksum."""
    runs = {}
    for build in ("gil", "ft"):
        stderr = tempfile.TemporaryFile()
        proc = subprocess.Popen([str(programs[build]), f"{script}.lua"], cwd=BENCH_DIR,
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr)
        runs[build] = (proc, stderr, threading.Timer(300, proc.kill))
        runs[build][2].start()
    seconds, outputs = {}, {}
    for build, (proc, stderr, watchdog) in runs.items():
        # The checksum is a line or two: reading it to the end before reaping
        # the child cannot block it.
        outputs[build] = proc.stdout.read()
        proc.stdout.close()
        _, status, usage = os.wait4(proc.pid, 0)
        watchdog.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds[build] = usage.ru_utime + usage.ru_stime
        stderr.seek(0)
        message = stderr.read().decode(errors="replace").strip()
        stderr.close()
        if proc.returncode != 0:
            raise ExperimentFailed(f"{programs[build]} bench/{script}.lua exited with status "
                                   f"{proc.returncode}: {message}")
    if outputs["gil"] != outputs["ft"]:
        raise ExperimentFailed(f"bench/{script}.lua printed different checksums: {outputs!r}")
    return seconds["gil"], seconds["ft"]


def geometric_mean(values):
    return math.exp(sum(map(math.log, values)) / len(values))


def cost_figures(programs, quick):
    """One round of the cost experiment: the ratio of CPU times, free-threaded
    over GIL build, per program, and their geometric mean."""
    ratios = []
    for script in COST_PROGRAMS["quick" if quick else "full"]:
        gil, ft = cpu_seconds_of_pair(programs, script)
        ratios.append(ft / gil)
    return {("ft", "ratio"): geometric_mean(ratios)}


# --- cells, rows, verdicts ------------------------------------------------------------------

@dataclass
class Cell:
    median: float
    spread: float  # half the interquartile range of the runs

    @classmethod
    def of(cls, values):
        if len(values) < 2:
            return cls(values[0], 0.0)
        q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
        return cls(statistics.median(values), (q3 - q1) / 2)

    @property
    def low(self):
        return self.median - self.spread

    @property
    def high(self):
        return self.median + self.spread


def decimals(value):
    """Decimals that give a number three significant digits (at most two)."""
    return 0 if value >= 100 else 1 if value >= 10 else 2


def figure_text(median, spread, unit):
    """The median with three significant digits, the spread with no more
    decimals than it: 250 ms ±12, 4.12 ms ±0.35, 1.96x ±0.04."""
    places = decimals(median)
    return f"{median:.{places}f}{unit} ±{spread:.{min(places, decimals(spread))}f}"


def unit_of(seconds):
    """The unit that shows `seconds` as 1 or more, and its scale."""
    return next((unit, scale) for unit, scale in (("s", 1), ("ms", 1e3), ("µs", 1e6))
                if seconds * scale >= 1 or unit == "µs")


def duration_text(cell):
    """A duration; a spread too large for the median's unit gets its own
    (22.3 µs ±2.33 ms)."""
    unit, scale = unit_of(cell.median)
    spread_unit, spread_scale = unit_of(cell.spread)
    if spread_scale < scale:
        value, spread = cell.median * scale, cell.spread * spread_scale
        return (f"{value:.{decimals(value)}f} {unit} "
                f"±{spread:.{decimals(spread)}f} {spread_unit}")
    return figure_text(cell.median * scale, cell.spread * scale, " " + unit)


def ratio_text(cell):
    return figure_text(cell.median, cell.spread, "x")


class Classes:
    """A row's judgement of a cell: `classify(cell)` is "good", "mid", "bad"
    (or "noisy" when its spread straddles two of them); `words` say each in
    the verdict; `busy_hides` are the classes a busy machine could explain,
    which such a row reports in the words `busy` instead."""

    def __init__(self, good, mid, bad, busy_hides=("mid", "bad"),
                 busy="can't tell (machine busy)"):
        self.words = {"good": good, "mid": mid, "bad": bad, "busy": busy}
        self.busy_hides = busy_hides

    def classify(self, cell):
        raise NotImplementedError


class HigherIsBetter(Classes):
    def __init__(self, good_from, bad_below, *words, **options):
        super().__init__(*words, **options)
        self.good_from, self.bad_below = good_from, bad_below

    def classify(self, cell):
        if cell.low >= self.good_from:
            return "good"
        if cell.high <= self.bad_below:
            return "bad"
        if cell.low >= self.bad_below and cell.high <= self.good_from:
            return "mid"
        return "noisy"


class LowerIsBetter(Classes):
    def __init__(self, good_to, bad_from, *words, **options):
        super().__init__(*words, **options)
        self.good_to, self.bad_from = good_to, bad_from

    def classify(self, cell):
        if cell.high <= self.good_to:
            return "good"
        if cell.low >= self.bad_from:
            return "bad"
        if cell.low >= self.good_to and cell.high <= self.bad_from:
            return "mid"
        return "noisy"


@dataclass
class Row:
    id: str
    label: str
    experiment: str
    name: str                       # the figure's name within the experiment
    columns: dict                   # table column -> figure column; absent: "—"
    text: object                    # Cell -> str
    classes: Classes = None         # None: the verdict is the row's own `summary`
    needs_cores: int = 1            # idle cores the row's claim needs
    summary: object = None          # ({column: Cell}, busy) -> verdict, without classes
    fixed: dict = field(default_factory=dict)  # table column -> fixed text


SAME = {key: key for key, _, _ in COLUMNS}


def speedup_row(rid, workers, cores):
    ideal = min(workers, cores)
    return Row(rid, f"CPU work, {workers} workers: speed-up", "cpu", f"speedup{workers}", SAME,
               ratio_text,
               HigherIsBetter(1 + 0.6 * (ideal - 1), 1.15, f"scales (≤{ideal}x)", "partial",
                              "no speed-up"),
               needs_cores=ideal)


def noisy(busy):
    return "noisy: machine busy" if busy else "noisy: runs disagree"


def time_summary(cells, busy):
    fastest = min(cell.median for cell in cells.values())
    if any(cell.spread > 0.15 * cell.median for cell in cells.values()):
        return noisy(busy)
    slower = [f"{NAME[c]} {cell.median / fastest:.1f}x" for c, cell in cells.items()
              if cell.low > 1.15 * fastest]
    if not slower:
        return "the same work takes the same time"
    # Each way ran at its own moment: on a busy machine, a moment's load.
    return ("machine busy; " if busy else "") + "slower: " + ", ".join(slower)


def cost_summary(cells, busy):
    cell = cells["ft"]
    if cell.spread > 0.05:
        return noisy(busy)
    percent = round((cell.median - 1) * 100)
    if abs(cell.median - 1) <= max(cell.spread, 0.02):
        return "no measurable cost to one thread"
    return (f"free threading costs one thread {percent}%" if percent > 0
            else f"free-threaded build {-percent}% faster")


def startup_summary(cells, _busy):
    def named(column):
        unit, scale = unit_of(cells[column].median)
        value = cells[column].median * scale
        return f"{value:.{decimals(value)}f} {unit} ({NAME[column]})"

    ordered = sorted(cells, key=lambda column: cells[column].median)
    return f"from {named(ordered[0])} to {named(ordered[-1])}"


def rows_for(cores, quick):
    call_s = 0.05 if quick else 0.1
    lag = LowerIsBetter(0.002, 0.005, "on time", "a little late", "late")
    stall = LowerIsBetter(0.005, 0.8 * call_s, "no stall", "short stalls", "stalled",
                          busy_hides=("mid",))
    # The convoy needs an idle core: on a busy one it vanishes (docs/tour.md).
    convoy = LowerIsBetter(0.0005, 0.002, "no convoy", "some convoy", "convoy",
                           busy_hides=("good", "mid"),
                           busy="can't tell: a convoy needs an idle core")
    policy = {"gil": "gil-priority"}
    beside = {"gil": "gil", "ft": "ft", "subinterpreters": "subinterpreters",
              "processes": "processes"}
    programs = ", ".join(COST_PROGRAMS["quick" if quick else "full"])
    return [
        Row("cpu1", "CPU work, 1 worker: time", "cpu", "time1", SAME, duration_text,
            summary=time_summary),
        speedup_row("cpu2", 2, cores),
        speedup_row("cpu4", 4, cores),
        Row("io", "8 waits, 8 workers vs 1: speed-up", "io", "speedup8", SAME, ratio_text,
            HigherIsBetter(4, 1.5, "waits overlap", "partial overlap", "waits in turn")),
        Row("lag_alone", "loop lag p99, loop alone", "lag", "p99", {"loop": "loop"},
            duration_text, lag, needs_cores=1),
        Row("lag_p50", "loop lag p50, 2 CPU jobs beside", "lag", "p50", beside, duration_text,
            lag, needs_cores=cores),
        Row("lag_p99", "loop lag p99, 2 CPU jobs beside", "lag", "p99", beside, duration_text,
            lag, needs_cores=cores),
        Row("lag_p50_priority", "  the same, policy priority: p50", "lag", "p50", policy,
            duration_text, lag, needs_cores=cores),
        Row("lag_p99_priority", "  the same, policy priority: p99", "lag", "p99", policy,
            duration_text, lag, needs_cores=cores),
        Row("stall_hold", f"stall: {call_s:g} s call keeps GIL", "stall", "hold_gil", SAME,
            duration_text, stall, needs_cores=2),
        Row("stall_release", f"stall: {call_s:g} s call releases GIL", "stall", "release_gil",
            SAME, duration_text, stall, needs_cores=2),
        Row("convoy", "convoy: I/O round trip beside CPU", "convoy", "median",
            {"gil": "gil", "ft": "ft"}, duration_text, convoy, needs_cores=2),
        Row("convoy_priority", "  the same, policy priority", "convoy", "median", policy,
            duration_text, convoy, needs_cores=2),
        Row("cost", "one thread: time vs GIL build", "cost", "ratio", {"ft": "ft"}, ratio_text,
            summary=cost_summary, fixed={"gil": "baseline"}),
        Row("startup", "start a worker (loop: a task)", "startup", "seconds", SAME, duration_text,
            summary=startup_summary),
    ], programs


def is_busy(row, others, cores):
    """Whether other programs left the row fewer idle cores than its claim needs."""
    return min(cores, os.cpu_count() - others) < row.needs_cores - 0.5


def verdict(row, cells, busy):
    if row.classes is None:
        return row.summary(cells, busy)
    classes = {}
    for column, cell in cells.items():
        kind = row.classes.classify(cell)
        classes[column] = "busy" if busy and kind in row.classes.busy_hides else kind
    words = dict(row.classes.words, noisy="noisy (machine busy)" if busy else "noisy")
    groups = defaultdict(list)
    for column, kind in classes.items():
        groups[kind].append(NAME[column])
    if set(groups) == {"noisy", "busy"} or set(groups) == {"noisy"}:
        return noisy(busy)
    if len(groups) == 1:
        kind, = groups
        return words[kind] if len(cells) == 1 or kind == "busy" else f"all: {words[kind]}"
    # The largest group last, as "others"; the rest named.
    order = sorted(groups, key=lambda k: len(groups[k]))
    named = [f"{', '.join(groups[k])}: {words[k]}" for k in order[:-1]]
    last = order[-1]
    rest = ", ".join(groups[last]) if len(groups[last]) == 1 else "others"
    return "; ".join(named + [f"{rest}: {words[last]}"])


# --- the driver ------------------------------------------------------------------------------

class Driver:
    def __init__(self, args):
        self.programs = {"gil": os.path.abspath(args.gilvm),
                         "ft": os.path.abspath(args.gilvm_ft)}
        self.quick = args.quick
        self.rounds = args.rounds or (3 if args.quick else 5)
        self.cores = usable_cores()
        self.raw = defaultdict(list)   # (experiment, column, name) -> a value per round
        self.others = {}               # experiment -> cores other programs kept busy
        self.failed = {}               # experiment -> why

    def run(self, experiments):
        meter = OtherLoad()
        for number, experiment in enumerate(experiments, 1):
            rounds = min(self.rounds, experiment.max_rounds or self.rounds)
            started = time.monotonic()
            meter.start()
            try:
                for _ in range(rounds):
                    for (column, name), value in experiment.round(self).items():
                        self.raw[experiment.name, column, name].append(value)
                note = ""
            except (ExperimentFailed, subprocess.TimeoutExpired, OSError, KeyError) as error:
                self.failed[experiment.name] = str(error)
                note = " FAILED"
                log(f"tour: {experiment.name}: {error}")
            self.others[experiment.name] = meter.stop()
            log(f"tour: [{number}/{len(experiments)}] {experiment.title}: {rounds} runs, "
                f"{time.monotonic() - started:.1f} s, other programs kept "
                f"{self.others[experiment.name]:.1f} of {self.cores} cores busy{note}")

    def table(self, rows):
        """[(row, [cell text per column], others, verdict)] for the rows measured."""
        lines = []
        for row in rows:
            if row.experiment not in self.others:
                continue
            others = self.others[row.experiment]
            if row.experiment in self.failed:
                texts = ["failed" if key in row.columns else "—" for key, _, _ in COLUMNS]
                lines.append((row, texts, others, "failed: see the messages above"))
                continue
            cells = {key: Cell.of(self.raw[row.experiment, source, row.name])
                     for key, source in row.columns.items()}
            texts = [row.fixed.get(key) or (row.text(cells[key]) if key in cells else "—")
                     for key, _, _ in COLUMNS]
            busy = is_busy(row, others, self.cores)
            lines.append((row, texts, others, verdict(row, cells, busy)))
        return lines


def header_lines(driver, load_before, load_after, programs):
    date = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    return [
        f"gilvm tour, {date}: {driver.cores} cores ({cpu_model()}), load average "
        f"{load_before:.2f} before, {load_after:.2f} after",
        f"each figure: the median of {driver.rounds} run{'s' * (driver.rounds != 1)} "
        "± half their interquartile range "
        f"(one thread's time: CPU time over {programs}, at most 3 runs)",
    ]


LEGEND = [
    "threads: executor.threads, on the GIL build under its default policy (interval) unless the "
    "row says priority;",
    "subinterpreters, worker processes and the event loop run on the GIL build; "
    "—: does not apply;",
    "others: cores other programs kept busy while the row ran; docs/tour.md explains each row.",
]


def text_table(header, lines):
    headers = ["experiment"] + [title for _, title, _ in COLUMNS] + ["others", "verdict"]
    body = [[row.label, *texts, f"{others:.1f}", verdict] for row, texts, others, verdict in lines]
    widths = [max(len(r[i]) for r in [headers] + body) for i in range(len(headers) - 1)]

    def render(cells):
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths)) + "  " + cells[-1]

    group = " " * (widths[0] + 2) + "threads on the:"
    out = header + ["", group, render(headers), "-" * len(render(headers))]
    out += [render(r) for r in body]
    return "\n".join(out + [""] + LEGEND)


def markdown_table(header, lines):
    headers = (["experiment"] + [f"threads, {title}" if key in ("gil", "ft") else title
                                 for key, title, _ in COLUMNS] + ["others", "verdict"])
    out = [f"{header[0]}; {header[1]}.", "",
           "| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for row, texts, others, verdict in lines:
        out.append("| " + " | ".join([row.label.strip(), *texts, f"{others:.1f}", verdict]) + " |")
    return "\n".join(out + ["", " ".join(LEGEND)])


def replace_between(text, marker, content):
    """Replaces what lies between <!-- marker --> and <!-- /marker --> lines."""
    pattern = re.compile(rf"(<!-- {re.escape(marker)} -->\n).*?(<!-- /{re.escape(marker)} -->)",
                         re.S)
    if not pattern.search(text):
        return text
    return pattern.sub(lambda m: m.group(1) + content + "\n" + m.group(2), text)


def write_docs(lines, text, markdown):
    """docs/tour.md: the markdown table, and in each row's section its own
    figures; README.md: the text table, as the terminal shows it."""
    doc = replace_between(TOUR_DOC.read_text(encoding="utf-8"), "tour-table", markdown)
    for row, texts, others, verdict in lines:
        figures = "; ".join(f"{NAME[key]} {t}" for (key, _, _), t in zip(COLUMNS, texts)
                            if key in row.columns)
        doc = replace_between(doc, f"tour-row {row.id}",
                              f"*Measured:* {figures}; others {others:.1f} cores. "
                              f"*Verdict:* {verdict}.")
    TOUR_DOC.write_text(doc, encoding="utf-8")
    readme = replace_between(README.read_text(encoding="utf-8"), "tour-table",
                             f"```text\n{text}\n```")
    README.write_text(readme, encoding="utf-8")
    log(f"tour: wrote {TOUR_DOC.relative_to(REPO_ROOT)} and {README.relative_to(REPO_ROOT)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gilvm", default=str(REPO_ROOT / "build/gil/gilvm"),
                        help="the GIL build (default build/gil/gilvm)")
    parser.add_argument("--gilvm-ft", default=str(REPO_ROOT / "build/ft/gilvm-ft"),
                        help="the free-threaded build (default build/ft/gilvm-ft)")
    parser.add_argument("--quick", action="store_true", help="smaller work, 3 runs a figure")
    parser.add_argument("--rounds", type=int, help="runs a figure (default 5, 3 with --quick)")
    parser.add_argument("--markdown", action="store_true", help="print the table as markdown")
    parser.add_argument("--write", action="store_true",
                        help="refresh the tour's figures in docs/tour.md and README.md")
    parser.add_argument("--json", metavar="FILE", help="also write every run's figures to FILE")
    parser.add_argument("experiments", nargs="*", metavar="EXPERIMENT",
                        help="a selection of " + ", ".join(e.name for e in EXPERIMENTS))
    args = parser.parse_args()
    known = {e.name: e for e in EXPERIMENTS}
    for name in args.experiments:
        if name not in known:
            parser.error(f"unknown experiment {name!r}; expected one of {', '.join(known)}")
    if args.rounds is not None and args.rounds < 1:
        parser.error("--rounds must be at least 1")
    if args.write and (args.experiments or args.quick):
        parser.error("--write needs the full tour: every experiment, without --quick")
    for program in (args.gilvm, args.gilvm_ft):
        if not os.access(program, os.X_OK):
            sys.exit(f"bench/tour.py: {program} is not an executable program; build both "
                     "interpreters first: make build-gil build-ft")

    driver = Driver(args)
    load_before = os.getloadavg()[0]
    driver.run([e for e in EXPERIMENTS if not args.experiments or e.name in args.experiments])
    load_after = os.getloadavg()[0]

    rows, programs = rows_for(driver.cores, driver.quick)
    lines = driver.table(rows)
    header = header_lines(driver, load_before, load_after, programs)
    text, markdown = text_table(header, lines), markdown_table(header, lines)
    print(markdown if args.markdown else text)
    if args.json:
        raw = {" ".join(map(str, key)): values for key, values in driver.raw.items()}
        Path(args.json).write_text(json.dumps({"others": driver.others, "runs": raw}, indent=1),
                                   encoding="utf-8")
    if args.write:
        write_docs(lines, text, markdown)
    return 1 if driver.failed else 0


if __name__ == "__main__":
    sys.exit(main())
