"""Training curves as PNGs (matplotlib, headless): one run's curves, or several runs overlaid."""

from __future__ import annotations

from pathlib import Path


def curve_keys(records: list[dict]) -> list[str]:
    """The training loss, then the other training logs (a VAE's kl, a GAN's d_loss, a WGAN's
    Wasserstein estimate), then the test metrics."""
    keys = {k for r in records for k, v in r.items()
            if k.startswith(("train/", "test/")) and isinstance(v, (int, float)) and not isinstance(v, bool)}
    train = sorted(k for k in keys if k.startswith("train/") and k != "train/loss")
    return (["train/loss"] if "train/loss" in keys else []) + train + sorted(k for k in keys if k.startswith("test/"))


def plot_curves(records: list[dict], path: Path, title: str = "") -> Path | None:
    """One panel per curve of one run; None if there is nothing to plot."""
    return plot_panels({"": records}, curve_keys(records), path, title)


def plot_panels(series: dict[str, list[dict]], keys: list[str], path: Path, title: str = "") -> Path | None:
    """One panel per key, one line per labelled series of metric records, saved as a PNG."""
    fig = curves_figure(series, keys, title)
    if fig is None:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=90)
    return path


def curves_figure(series: dict[str, list[dict]], keys: list[str], title: str = ""):
    """The matplotlib Figure of :func:`plot_panels` (None if there is nothing to plot). It is made
    without pyplot, so it needs no display, leaks no global state, and a notebook shows it inline."""
    if not keys:
        return None
    cols = min(3, len(keys))
    rows = -(-len(keys) // cols)
    fig = inline_figure(figsize=(4.2 * cols, 3.2 * rows))
    axes = fig.subplots(rows, cols, squeeze=False)
    for ax, key in zip(axes.flat, keys):
        for label, records in series.items():
            points = [(r["step"], r[key]) for r in records if key in r and "step" in r]
            if points:
                xs, ys = zip(*points)
                ax.plot(xs, ys, label=label or None, marker="o" if len(xs) < 30 else None, markersize=3)
        ax.set_title(key)
        ax.set_xlabel("step")
        ax.grid(alpha=0.3)
    for ax in list(axes.flat)[len(keys):]:
        ax.axis("off")
    if len(series) > 1:
        axes.flat[0].legend(fontsize=7)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def inline_figure(**kwargs):
    """A matplotlib Figure that a notebook shows as a PNG even when no pyplot backend is set up
    (genlab never imports pyplot for its figures)."""
    import io

    from matplotlib.figure import Figure

    class InlineFigure(Figure):
        def _repr_png_(self) -> bytes:
            buffer = io.BytesIO()
            self.savefig(buffer, format="png", dpi=90)
            return buffer.getvalue()

    return InlineFigure(**kwargs)
