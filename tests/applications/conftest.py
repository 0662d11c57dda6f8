"""Small generated image folders for the applications tests (nothing is downloaded)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest


def write_folder(root: Path, classes=("red", "blue"), per_class: int = 12, rgb: bool = True,
                 flat: bool = False, seed: int = 0) -> Path:
    """PNG/JPEG files of mixed sizes: one subfolder per class (or flat), colour or grey."""
    from PIL import Image

    rng = np.random.default_rng(seed)
    colours = {"red": (210, 40, 40), "blue": (40, 40, 210), "green": (40, 200, 40)}
    for k, name in enumerate(classes):
        folder = root if flat else root / name
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(per_class):
            h, w = 24 + (i % 5) * 4, 30 + (i % 3) * 6  # mixed sizes and aspect ratios
            base = np.array(colours.get(name, (128, 128, 128)), dtype=np.float32)
            img = (base * rng.uniform(0.4, 1.0, (h, w, 1))).clip(0, 255).astype(np.uint8)
            if not rgb:
                Image.fromarray(img[..., 0]).save(folder / f"{name}-{i}.png")
            else:
                Image.fromarray(img).save(folder / f"{name}-{i}.{'jpg' if i % 4 == 0 else 'png'}")
    return root


@pytest.fixture
def rgb_folder(tmp_path) -> Path:
    return write_folder(tmp_path / "colours")
