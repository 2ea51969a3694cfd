#!/usr/bin/python3
"""plot_draw.py — draws gilvm's pictures (docs/img/*.png) from the results
tools/plot_collect.py keeps in docs/img/data/*.json; runs nothing.

    tools/plot_draw.py                          # every picture (make plots-draw)
    tools/plot_draw.py loop_lag                 # one of them
    tools/plot_draw.py --data DIR --out DIR     # other results, elsewhere

  speedup.png          speed-up by workers for each way of running CPU-bound work
  loop_lag.png         the distribution (CDF) of an event loop's 1 ms ticker's
                       lateness beside 2 CPU-bound jobs, per kind of pool
  switch_interval.png  what a shorter switch interval buys (shorter waits for
                       the GIL) and what it costs (throughput)
  gil_timeline.png     who held the GIL when: tools/trace_plot.py on a trace

docs/plots.md tells how to read each one.
"""

import argparse
import json
import statistics
import sys
from pathlib import Path

import plotlib
import trace_plot
from benchlib import percentile  # plotlib puts bench/ on the path

DATA_DIR = plotlib.REPO_ROOT / "docs" / "img" / "data"
IMG_DIR = plotlib.REPO_ROOT / "docs" / "img"

# One colour per way of running, the same in every picture.
WAYS = {
    "threads, GIL build": ("tab:red", "o", "threads, GIL build (executor.threads)"),
    "threads, free-threaded build": ("tab:green", "s",
                                     "threads, free-threaded build (gilvm-ft)"),
    "subinterpreters": ("tab:purple", "^", "subinterpreters (executor.interpreters)"),
    "worker processes": ("tab:blue", "D", "worker processes (executor.processes)"),
}
SWITCH_INTERVAL_MS = 5  # gilvm's default, which ticker_lag.lua runs with
LOOP_LAG_COLORS = {
    "no jobs": "0.5",
    "thread pool, interval": "tab:red",
    "thread pool, priority": "tab:orange",
    "process pool": "tab:blue",
    "subinterpreter pool": "tab:purple",
    "thread pool, free-threaded build": "tab:green",
}


def spread(values):
    """Median, and its distance to the least and the greatest value."""
    middle = statistics.median(values)
    return middle, middle - min(values), max(values) - middle


def ms(value):
    """A duration in ms, to about two significant digits."""
    return f"{value:.2g}" if value < 10 else f"{value:.0f}"


def draw_speedup(data, out):
    runs = data["runs"]
    cores = data["recorded"]["machine"]["cores"]
    workers = [1] + sorted({r["workers"] for r in runs})
    fig, ax = plotlib.figure(5.2)
    for way, (color, marker, label) in WAYS.items():
        points = [(1.0, 0.0, 0.0)]  # each run's own baseline
        for n in workers[1:]:
            points.append(spread([r["speedup"] for r in runs
                                  if r["way"] == way and r["workers"] == n]))
        middle, below, above = zip(*points)
        ax.errorbar(workers, middle, yerr=[below, above], color=color, marker=marker,
                    capsize=3, label=label)
    ideal = [min(n, cores) for n in workers]
    ax.plot(workers, ideal, linestyle="--", color="0.55", label=f"ideal: min(N, {cores} cores)")
    if cores < workers[-1]:
        ax.axvspan(cores, workers[-1], color="0.93", zorder=0)
        ax.text(cores + 0.08, 0.25, f"more workers than the machine's {cores} cores:\n"
                "no core is left to add, the curves flatten", fontsize=9, color="0.3")
    ax.set_xticks(workers)
    highest = max(r["speedup"] for r in runs)
    ax.set_ylim(0, max(workers[-1], cores, highest) + 0.3)
    ax.set_xlabel("workers N (threads, subinterpreters or processes)")
    ax.set_ylabel("speed-up: time on 1 worker / time on N (×)")
    ax.set_title("CPU-bound Lua work split over N workers")
    ax.legend(loc="upper left")
    rounds = max(r["round"] for r in runs)
    iterations = runs[0]["iterations"]
    plotlib.save(fig, out, [plotlib.caption(data["recorded"]),
                            f"bench/pools/cpu_split.lua KIND {iterations} N: median of "
                            f"{rounds} round{'s' if rounds > 1 else ''}, bars from the least to "
                            "the greatest"])


def draw_loop_lag(data, out):
    fig, ax = plotlib.figure(5.4)
    for run in data["runs"]:
        samples = sorted(max(s, 1e-3) for s in run["lag_ms"])  # a log axis has no 0
        n = len(samples)
        fraction = [(k + 1) / n for k in range(n)]
        p50, p99 = percentile(samples, 50), percentile(samples, 99)
        config = run["config"]
        ax.step(samples, fraction, where="post", color=LOOP_LAG_COLORS.get(config),
                linestyle="--" if run["jobs"] == 0 else "-", linewidth=1.8,
                label=f"{config}: p50 {ms(p50)}, p99 {ms(p99)} ms ({n} ticks)")
    for level, name in [(0.5, "p50"), (0.99, "p99")]:
        ax.axhline(level, color="0.6", linestyle=":", linewidth=1)
        ax.text(1.005, level, name, transform=ax.get_yaxis_transform(), va="center",
                fontsize=9, color="0.4")
    ax.axvline(SWITCH_INTERVAL_MS, color="0.6", linestyle=":", linewidth=1)
    ax.text(SWITCH_INTERVAL_MS * 1.08, 0.04, f"switch interval\n({SWITCH_INTERVAL_MS:g} ms)",
            fontsize=9, color="0.4")
    ax.set_xscale("log")
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("how late a 1 ms tick ran (ms, log scale)")
    ax.set_ylabel("fraction of ticks at most this late")
    ax.set_title("Event-loop lag beside 2 CPU-bound jobs, by kind of pool")
    plotlib.plain_log_ticks(ax.xaxis)
    handles, _ = ax.get_legend_handles_labels()
    plotlib.save(fig, out, [plotlib.caption(data["recorded"]),
                            f"bench/pools/ticker_lag.lua KIND 2 {data['seconds']:g} samples: "
                            "one run each"], handles, legend_columns=2)


def draw_switch_interval(data, out):
    runs = data["runs"]
    intervals = sorted({r["interval"] for r in runs})
    interval_ms = [i * 1e3 for i in intervals]
    waits = {i: [w for r in runs if r["interval"] == i for w in r["waits_ms"]] for i in intervals}
    p50 = [percentile(waits[i], 50) for i in intervals]
    p99 = [percentile(waits[i], 99) for i in intervals]
    throughput = [spread([r["iterations"] / r["seconds"] / 1e6 for r in runs
                          if r["interval"] == i]) for i in intervals]

    fig, (left, right) = plotlib.figure(5.0, ncols=2)
    left.plot(interval_ms, p50, marker="o", color="tab:red", label="wait, p50")
    left.plot(interval_ms, p99, marker="o", color="tab:red", alpha=0.45, linestyle="--",
              label="wait, p99")
    left.plot(interval_ms, interval_ms, color="0.55", linestyle=":", label="wait = the interval")
    left.set_xscale("log")
    left.set_yscale("log")
    left.set_xlabel("switch interval (ms, log scale)")
    left.set_ylabel("a ready thread's wait for the GIL (ms, log scale)")
    left.set_title("Shorter interval: shorter waits", fontsize=11)
    left.legend(loc="lower right")

    middle, below, above = zip(*throughput)
    right.errorbar(interval_ms, middle, yerr=[below, above], marker="o", color="tab:blue",
                   capsize=3, label="both threads, median of rounds")
    right.set_xscale("log")
    right.set_ylim(0, max(m + a for m, _, a in throughput) * 1.15)
    right.set_xlabel("switch interval (ms, log scale)")
    right.set_ylabel("throughput (M iterations/s)")
    right.set_title("…and what they cost in throughput", fontsize=11)
    right.legend(loc="lower right")
    fig.suptitle("The switch interval: two CPU-bound threads taking turns", fontweight="bold")
    for axis in (left.xaxis, left.yaxis, right.xaxis):
        plotlib.plain_log_ticks(axis)
    rounds = max(r["round"] for r in runs)
    iterations = runs[0]["iterations"] // 2
    plotlib.save(fig, out, [plotlib.caption(data["recorded"]),
                            f"bench/gil/switch_interval.lua {iterations} with --trace: waits of "
                            f"{rounds} round{'s' if rounds > 1 else ''} pooled; throughput: "
                            "median, bars from the least to the greatest"])


def draw_gil_timeline(trace_path, out):
    bench = json.loads(Path(trace_path).read_text())["otherData"]["bench"]
    title = (f"GIL timeline: two CPU-bound threads, policy {bench['policy']}, switch interval "
             f"{bench['interval'] * 1e3:g} ms")
    trace_plot.draw(trace_path, out, title=title)


DRAW = {
    "speedup": draw_speedup,
    "loop_lag": draw_loop_lag,
    "switch_interval": draw_switch_interval,
}
FIGURES = [*DRAW, "gil_timeline"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA_DIR,
                        help="where the results are (default docs/img/data)")
    parser.add_argument("--out", type=Path, default=IMG_DIR,
                        help="where the PNGs go (default docs/img)")
    parser.add_argument("figures", nargs="*", metavar="FIGURE",
                        help=f"a selection of {', '.join(FIGURES)} (default: all)")
    args = parser.parse_args()
    for name in args.figures:
        if name not in FIGURES:
            parser.error(f"unknown figure {name!r}; expected one of {', '.join(FIGURES)}")
    args.out.mkdir(parents=True, exist_ok=True)
    for name in args.figures or FIGURES:
        data_path = args.data / f"{name}.json"
        out = args.out / f"{name}.png"
        if not data_path.is_file():
            print(f"plot_draw.py: no results for {name}: {data_path} is missing "
                  f"(tools/plot_collect.py {name} makes it)", file=sys.stderr)
            return 1
        try:
            if name == "gil_timeline":
                draw_gil_timeline(data_path, out)
            else:
                DRAW[name](json.loads(data_path.read_text(encoding="utf-8")), out)
        except (KeyError, TypeError, ValueError, trace_plot.TraceError) as e:
            print(f"plot_draw.py: {data_path} is not what plot_collect.py writes: "
                  f"{type(e).__name__}: {e}", file=sys.stderr)
            return 1
        print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
