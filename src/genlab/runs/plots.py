"""Training curves as a PNG (matplotlib, headless)."""

from __future__ import annotations

from pathlib import Path


def plot_curves(records: list[dict], path: Path, title: str = "") -> Path | None:
    """One panel for the training loss, one for each other training log and each test metric;
    None if nothing to plot."""
    train = [(r["step"], r["train/loss"]) for r in records if "train/loss" in r]
    test_keys = sorted({k for r in records for k in r if k.startswith("test/")})
    if not train and not test_keys:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    # other training logs (a VAE's kl, a GAN's d_loss, a WGAN's Wasserstein estimate) get panels too
    train_keys = sorted({k for r in records for k in r if k.startswith("train/") and k != "train/loss"})
    panels = (["train/loss"] if train else []) + train_keys + test_keys
    cols = min(3, len(panels))
    rows = -(-len(panels) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 3.2 * rows), squeeze=False)
    for ax, key in zip(axes.flat, panels):
        points = [(r["step"], r[key]) for r in records if key in r and "step" in r]
        if points:
            xs, ys = zip(*points)
            ax.plot(xs, ys, marker="o" if len(xs) < 30 else None, markersize=3)
        ax.set_title(key)
        ax.set_xlabel("step")
        ax.grid(alpha=0.3)
    for ax in list(axes.flat)[len(panels):]:
        ax.axis("off")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path
