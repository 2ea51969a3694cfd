#!/usr/bin/python3
"""trace_plot.py — draws a gilvm --trace file as a timeline: one lane per
thread with its "GIL held" spans, its "GIL wait" spans, the drop requests it
made and the collections it ran; under a thread that runs an event loop, a
lane of the loop's iterations and task steps.

    build/gil/gilvm --trace=run.json script.lua
    tools/trace_plot.py run.json -o run.png [--from MS] [--to MS] [--title TEXT]

Time runs left to right in milliseconds since the trace's first event;
--from and --to draw a window of it (a long trace's short turns are thinner
than a pixel). Each lane's label gives the share of the window the thread
held the GIL. Under one GIL the held spans of different lanes never overlap:
the picture shows whose turn it was at each moment, who was kept waiting and
for how long, and the drop requests (a waiter asking the holder to let go,
under `interval` once a switch interval has passed).

The caption names the machine: from the trace's "otherData"."recorded" when
tools/plot_collect.py made the trace, otherwise the file's date and this
machine's cores and load average now.
"""

import argparse
import datetime
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import plotlib
from benchlib import machine_record  # plotlib puts bench/ on the path
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

HELD = "tab:blue"
WAIT = "#f6c28b"
COLLECTION = "tab:red"
DROP = "black"
ITERATION = "#c7e9c0"
STEP = "#31a354"


class TraceError(Exception):
    pass


@dataclass
class Lane:
    name: str
    held: list = field(default_factory=list)  # (start, duration) in ms, as broken_barh takes
    wait: list = field(default_factory=list)
    collections: list = field(default_factory=list)
    iterations: list = field(default_factory=list)
    steps: list = field(default_factory=list)
    drops: list = field(default_factory=list)  # times in ms

    def spans(self):
        return self.held + self.wait + self.collections + self.iterations + self.steps


@dataclass
class Trace:
    process: str
    lanes: list  # in drawing order, top first
    recorded: dict | None  # tools/plot_collect.py's record of the machine


def read_trace(path):
    """The lanes of a --trace file, times in ms since its first event."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as e:
        raise TraceError(f"cannot read {path}: {e.strerror}") from e
    except ValueError as e:
        raise TraceError(f"{path} is not JSON: {e}") from e
    events = document.get("traceEvents") if isinstance(document, dict) else None
    if not isinstance(events, list):
        raise TraceError(f"{path} is not a trace: expected a JSON object with a traceEvents "
                         "list (gilvm --trace=FILE writes one)")
    timed = [e for e in events if isinstance(e, dict) and isinstance(e.get("ts"), (int, float))]
    t0 = min((e["ts"] for e in timed), default=0)

    def name_of(e, default):
        args = e.get("args")
        return str(args.get("name", default)) if isinstance(args, dict) else str(default)

    process, names, lanes = "gilvm", {}, {}
    for e in events:
        if isinstance(e, dict) and e.get("ph") == "M":
            if e.get("name") == "process_name":
                process = name_of(e, process)
            elif e.get("name") == "thread_name":
                names[e.get("tid")] = name_of(e, e.get("tid"))
    for e in timed:
        tid = e.get("tid")
        if not isinstance(tid, int):
            continue  # not a thread's event: gilvm writes none
        lane = lanes.setdefault(tid, Lane(names.get(tid, f"thread {tid}")))
        start = (e["ts"] - t0) / 1e3
        if e.get("ph") == "i" and e.get("name") == "drop request":
            lane.drops.append(start)
        elif e.get("ph") == "X" and isinstance(e.get("dur"), (int, float)):
            span = (start, e["dur"] / 1e3)
            if e.get("cat") == "loop":
                (lane.iterations if e.get("name") == "loop iteration" else lane.steps).append(span)
            elif e.get("name") == "GIL held":
                lane.held.append(span)
            elif e.get("name") == "GIL wait":
                lane.wait.append(span)
            elif e.get("name") == "collection":
                lane.collections.append(span)

    lanes = {tid: lane for tid, lane in lanes.items() if lane.spans() or lane.drops}
    if not lanes:
        raise TraceError(f"{path} has no GIL, collection or event-loop events of any thread")

    # Threads by id, each followed by its event loop's lane ("<thread> loop").
    tid_of = {lane.name: tid for tid, lane in lanes.items()}
    loop_of = {}  # a thread's tid -> the tid of its loop's lane
    for tid, lane in lanes.items():
        base = tid_of.get(lane.name.removesuffix(" loop"))
        if lane.name.endswith(" loop") and base is not None and \
                not lanes[base].name.endswith(" loop"):
            loop_of[base] = tid
    order = []
    for tid in sorted(set(lanes) - set(loop_of.values())):
        order.append(lanes[tid])
        if tid in loop_of:
            order.append(lanes[loop_of[tid]])
    other = document.get("otherData")
    recorded = other.get("recorded") if isinstance(other, dict) else None
    return Trace(process, order, recorded)


def clip(spans, lo, hi, min_width=0.0):
    """The parts of (start, duration) spans inside [lo, hi], each at least
    min_width wide."""
    out = []
    for start, duration in spans:
        begin, end = max(start, lo), min(start + duration, hi)
        if end > begin or (duration == 0 and lo <= start <= hi):
            out.append((begin, max(end - begin, min_width)))
    return out


def default_caption(path):
    """For a trace without a record of its machine: the file's date, and this
    machine as it is now."""
    machine = machine_record()
    written = datetime.datetime.fromtimestamp(Path(path).stat().st_mtime, datetime.timezone.utc)
    return (f"{Path(path).name}, written {written:%Y-%m-%d %H:%M UTC} · drawn on "
            f"{machine['cores']} cores ({machine['cpu']}), "
            f"load average {machine['load'][0]:.2f} now")


def draw(path, out, start_ms=None, end_ms=None, title=None):
    """Draws the trace at `path` into the PNG `out`, the window [start_ms,
    end_ms] of it (default: all)."""
    trace = read_trace(path)
    end_of_trace = max([s + d for lane in trace.lanes for s, d in lane.spans()] +
                       [t for lane in trace.lanes for t in lane.drops])
    lo = start_ms if start_ms is not None else 0.0
    hi = end_ms if end_ms is not None else end_of_trace
    if hi <= lo:
        raise TraceError(f"an empty window: {lo:g} to {hi:g} ms (the trace lasts "
                         f"{end_of_trace:.1f} ms)")
    lanes = [lane for lane in trace.lanes
             if clip(lane.spans(), lo, hi) or any(lo <= t <= hi for t in lane.drops)]
    if not lanes:
        raise TraceError(f"nothing happens between {lo:g} and {hi:g} ms (the trace lasts "
                         f"{end_of_trace:.1f} ms)")

    fig, ax = plotlib.figure(1.8 + 0.55 * len(lanes))
    # A span shorter than a pixel is drawn a pixel wide, so that no turn is
    # invisible (the axes are a little narrower than the figure).
    pixel = (hi - lo) / (plotlib.WIDTH_IN * plotlib.DPI)
    drawn = set()  # the legend's entries: what the window shows

    def bars(spans, y, height, color, kind):
        spans = clip(spans, lo, hi, pixel)
        ax.broken_barh(spans, (y - height / 2, height), facecolors=color, linewidth=0)
        if spans:
            drawn.add(kind)

    labels = []
    for y, lane in enumerate(lanes):
        bars(lane.wait, y, 0.6, WAIT, "wait")
        bars(lane.held, y, 0.6, HELD, "held")
        bars(lane.collections, y + 0.2, 0.2, COLLECTION, "collection")
        bars(lane.iterations, y, 0.6, ITERATION, "iteration")
        bars(lane.steps, y, 0.3, STEP, "step")
        drops = [t for t in lane.drops if lo <= t <= hi]
        ax.plot(drops, [y - 0.38] * len(drops), linestyle="none", marker="v", markersize=5,
                color=DROP)
        if drops:
            drawn.add("drop")
        if lane.held or lane.wait:
            share = sum(d for _, d in clip(lane.held, lo, hi)) / (hi - lo)
            labels.append(f"{lane.name}\nheld {share:.0%}")
        else:
            labels.append(lane.name)

    ax.set_yticks(range(len(lanes)), labels)
    ax.set_ylim(len(lanes) - 0.5, -0.6)
    ax.set_xlim(lo, hi)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("time since the trace began (ms)")
    ax.set_title(title or f"GIL timeline: {trace.process}")

    legend = {
        "held": Patch(color=HELD, label="holds the GIL"),
        "wait": Patch(color=WAIT, label="waits for the GIL"),
        "drop": Line2D([], [], linestyle="none", marker="v", color=DROP, label="drop request"),
        "collection": Patch(color=COLLECTION, label="collection"),
        "iteration": Patch(color=ITERATION, label="loop iteration"),
        "step": Patch(color=STEP, label="task step"),
    }
    text = plotlib.caption(trace.recorded) if trace.recorded else default_caption(path)
    plotlib.save(fig, out, [text], [handle for kind, handle in legend.items() if kind in drawn])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trace", help="a --trace JSON file")
    parser.add_argument("-o", "--output", help="the PNG to write (default: TRACE with .png)")
    parser.add_argument("--from", dest="start_ms", type=float, metavar="MS",
                        help="start of the window, ms since the trace began (default 0)")
    parser.add_argument("--to", dest="end_ms", type=float, metavar="MS",
                        help="end of the window (default: the trace's end)")
    parser.add_argument("--title", help="the picture's title")
    args = parser.parse_args()
    out = args.output or str(Path(args.trace).with_suffix(".png"))
    try:
        draw(args.trace, out, args.start_ms, args.end_ms, args.title)
    except TraceError as e:
        print(f"trace_plot.py: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"trace_plot.py: cannot write {out}: {e.strerror}", file=sys.stderr)
        return 1
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
