"""Checks for matplotlib-figure: the figure's artists, not its pixels."""

import tempfile
from pathlib import Path

import numpy as np

from genlab.exercises.checks import check


def draw(t):
    import matplotlib

    matplotlib.use("Agg")
    folder = Path(tempfile.mkdtemp())
    steps = np.arange(0, 1000, 10)
    t.given("train: 100 points over steps 0..990, val: 5 points, title 'vae', path curves.png")
    fig = t.call("loss_figure", steps, 500 / (steps + 10), [0, 250, 500, 750, 990], [40, 3, 2, 1.8, 1.9], "vae",
                 folder / "curves.png")
    t.expect(fig is not None and hasattr(fig, "axes"), expected="the matplotlib Figure", got=repr(fig))
    return fig, folder / "curves.png"


@check("one axes with the two curves, labelled")
def lines(t):
    fig, _ = draw(t)
    t.expect(len(fig.axes) >= 1, expected="at least one axes", got=f"{len(fig.axes)} axes")
    ax = fig.axes[0]
    labels = sorted(line.get_label() for line in ax.get_lines())
    t.expect(labels == ["train", "val"], expected="two lines labelled 'train' and 'val'", got=str(labels))
    val = next(line for line in ax.get_lines() if line.get_label() == "val")
    t.expect_close(np.asarray(val.get_xdata(), float), np.array([0, 250, 500, 750, 990], float), what="the val line's x",
                   atol=0, why="each curve at its own steps")


@check("axis labels, the title, a legend and a log y axis")
def decoration(t):
    fig, _ = draw(t)
    ax = fig.axes[0]
    got = (ax.get_xlabel(), ax.get_ylabel(), ax.get_title(), ax.get_yscale(), ax.get_legend() is not None)
    t.expect(got == ("step", "loss", "vae", "log", True),
             expected="('step', 'loss', 'vae', 'log', legend shown)", got=str(got))


@check("the figure is saved to the path")
def saved(t):
    _, path = draw(t)
    t.expect(path.is_file() and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n",
             expected=f"a PNG file at {path}", got="no file" if not path.is_file() else "not a PNG")
