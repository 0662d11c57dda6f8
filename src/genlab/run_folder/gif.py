"""A GIF of the fixed-noise sample grids across training (``samples/<kind>-across-training.gif``).

The trainer seeds the sampling generator the same way at every evaluation, so the grids of one
kind show the same latents at successive steps: played in order they show what the model learnt.
"""

from __future__ import annotations

from pathlib import Path

GIF_KINDS = ("samples", "classes")


def training_gifs(samples_dir: Path, kinds=GIF_KINDS, frame_ms: int = 400) -> list[Path]:
    """Write one GIF per kind that has at least two grids; returns the files written."""
    from PIL import Image

    written = []
    for kind in kinds:
        frames = sorted(samples_dir.glob(f"{kind}-step-*.png"))
        if len(frames) < 2:
            continue
        images = [Image.open(p) for p in frames]
        mode = "L" if images[-1].mode in ("L", "1") else "RGB"  # colour runs keep their colour
        images = [im.convert(mode) for im in images]
        size = images[-1].size
        images = [im if im.size == size else im.resize(size) for im in images]
        out = samples_dir / f"{kind}-across-training.gif"
        # the last frame stays up longer so the end result is easy to look at
        durations = [frame_ms] * (len(images) - 1) + [frame_ms * 5]
        images[0].save(out, save_all=True, append_images=images[1:], duration=durations, loop=0)
        written.append(out)
    return written
