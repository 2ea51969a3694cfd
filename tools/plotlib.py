"""plotlib.py — what gilvm's pictures share (tools/plot_draw.py,
tools/trace_plot.py): matplotlib drawing into files, one size and look, and
the caption line every picture carries: when and on what machine its figures
were measured, under what load, from which commit.
"""

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only; no display
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import ticker  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "bench"))  # benchlib: the bench drivers' shared helpers

# Readable at 100% zoom in a README, which shows about 900 pixels across.
WIDTH_IN = 9.0
DPI = 100
CAPTION_LINE_IN = 0.18  # the caption's lines along the bottom
LEGEND_ROW_IN = 0.25  # the rows of a legend of the whole figure, above them

plt.rcParams.update({
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "legend.fontsize": 9,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
})


def figure(height_in, ncols=1, **subplot_args):
    """A figure of the common width with `ncols` axes side by side."""
    return plt.subplots(1, ncols, figsize=(WIDTH_IN, height_in), **subplot_args)


def caption(recorded):
    """The caption line of figures measured as `recorded` says (tools/
    plot_collect.py's record): date, machine, load average (1 min) before and
    after, commit. A load at or above the number of cores is called out: every
    core was busy, so wake-ups waited for the scheduler."""
    machine = recorded["machine"]
    cores = machine["cores"]
    before = machine["load"][0]
    after = recorded.get("load_after", machine["load"])[0]
    busy = " (busy: figures noisy)" if max(before, after) >= cores else ""
    commit = f" · gilvm {recorded['commit']}" if recorded.get("commit") else ""
    return (f"Measured {recorded['date']} on {cores} cores ({machine['cpu']}) · load average "
            f"{before:.2f} before, {after:.2f} after{busy}{commit}")


def save(fig, path, caption_lines, legend_handles=None, legend_columns=None):
    """Writes `fig` to `path` as a PNG with `caption_lines` along its bottom
    edge and, if given, a legend of `legend_handles` above them, in
    `legend_columns` columns (default: all in one row)."""
    height_in = fig.get_figheight()
    bottom_in = 0.1 + CAPTION_LINE_IN * len(caption_lines)
    fig.text(0.01, 0.1 / height_in, "\n".join(caption_lines), fontsize=8, color="0.3",
             ha="left", va="bottom", linespacing=1.4)
    if legend_handles:
        columns = legend_columns or len(legend_handles)
        fig.legend(handles=legend_handles, loc="lower center", ncol=columns, frameon=False,
                   bbox_to_anchor=(0.5, bottom_in / height_in))
        bottom_in += LEGEND_ROW_IN * -(-len(legend_handles) // columns) + 0.1
    fig.tight_layout(rect=(0, bottom_in / height_in, 1, 1))
    fig.savefig(path, dpi=DPI)
    plt.close(fig)


def plain_log_ticks(axis):
    """Tick labels such as 0.1, 1, 10 on a log axis instead of powers of ten."""
    axis.set_major_formatter(ticker.FuncFormatter(lambda value, _: f"{value:g}"))
