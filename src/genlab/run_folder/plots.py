"""Training curves as PNGs (matplotlib, headless): one run's curves, or several runs overlaid."""

from __future__ import annotations

from pathlib import Path


def curve_keys(records: list[dict]) -> list[str]:
    """The training loss, then the other training logs (a VAE's kl, a GAN's d_loss, a WGAN's
    Wasserstein estimate), then the test metrics."""
    keys = {k for r in records for k, v in r.items()
            if k.startswith(("train/", "test/")) and isinstance(v, (int, float)) and not isinstance(v, bool)
            and not by_horizon(k)}
    train = sorted(k for k in keys if k.startswith("train/") and k != "train/loss")
    return (["train/loss"] if "train/loss" in keys else []) + train + sorted(k for k in keys if k.startswith("test/"))


def by_horizon(key: str) -> bool:
    """A video score of one horizon (``test/ssim@3``) or of a baseline: drawn by :func:`horizons_figure`."""
    return "@" in key or key.startswith(tuple(f"test/{b}/" for b in BASELINES))


BASELINES = {"copy_last": "copy the last frame", "mean_frame": "mean input frame"}


def horizon_scores(metrics: dict[str, float]) -> dict[str, dict[str, list[float]]]:
    """{score: {line: values at horizons 1..H}} from a video run's final ``test/...@h`` metrics:
    the model, its best of k futures (stochastic models) and the baselines."""
    out: dict[str, dict[str, dict[int, float]]] = {}
    for key, value in metrics.items():
        name, _, h = key.removeprefix("test/").rpartition("@")
        if not h.isdigit():
            continue
        line, _, score = name.rpartition("/")
        label = BASELINES.get(line, line.replace("_", " ") or "model")
        out.setdefault(score, {}).setdefault(label, {})[int(h)] = value
    return {score: {label: [v for _, v in sorted(points.items())] for label, points in lines.items()}
            for score, lines in out.items()}


def horizons_figure(metrics: dict[str, float], title: str = ""):
    """A video run's scores by horizon (frames ahead), one panel per score, baselines dashed;
    None if the run has none."""
    scores = horizon_scores(metrics)
    if not scores:
        return None
    fig = inline_figure(figsize=(4.6 * len(scores), 3.4))
    for ax, (score, lines) in zip(fig.subplots(1, len(scores), squeeze=False).flat, sorted(scores.items())):
        for label, values in lines.items():
            style = "--" if label in BASELINES.values() else "-"
            ax.plot(range(1, len(values) + 1), values, style, marker="o", markersize=3, label=label)
        ax.set_title(f"{score} by horizon")
        ax.set_xlabel("frames ahead")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_horizons(metrics: dict[str, float], path: Path, title: str = "") -> Path | None:
    fig = horizons_figure(metrics, title)
    if fig is None:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=90)
    return path


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
