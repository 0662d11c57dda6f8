"""Predicted clips as GIFs: the truth and the prediction side by side, frame by frame.

Each GIF frame shows, for every clip, two panels: the true clip, and the same input frames
followed by the model's prediction. Predicted frames are framed in white, so where the
prediction starts is visible; played in a loop, a good model's digits keep moving on the right
as they do on the left.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch


def clip_panels(inputs: torch.Tensor, future: torch.Tensor, pred: torch.Tensor, pad: int = 2) -> list[np.ndarray]:
    """uint8 frames (H', W') of the side-by-side animation of B clips (B, T, 1, H, W)."""
    truth = torch.cat([inputs, future], 1).float()
    guess = torch.cat([inputs, pred], 1).float()
    b, t, _, h, w = truth.shape
    frames = []
    for k in range(t):
        canvas = np.zeros((b * (h + pad) + pad, 2 * (w + pad) + pad), dtype=np.float32)
        for i in range(b):
            top = pad + i * (h + pad)
            canvas[top:top + h, pad:pad + w] = truth[i, k, 0].cpu().numpy()
            canvas[top:top + h, 2 * pad + w:2 * pad + 2 * w] = guess[i, k, 0].cpu().numpy()
            if k >= inputs.shape[1]:  # a predicted frame: white border around the right panel
                canvas[top - 1:top + h + 1, 2 * pad + w - 1] = 1
                canvas[top - 1:top + h + 1, 2 * pad + 2 * w] = 1
                canvas[top - 1, 2 * pad + w - 1:2 * pad + 2 * w + 1] = 1
                canvas[top + h, 2 * pad + w - 1:2 * pad + 2 * w + 1] = 1
        frames.append((np.clip(canvas, 0, 1) * 255).round().astype(np.uint8))
    return frames


def write_clip_gif(inputs, future, pred, path: Path, frame_ms: int = 150, scale: int = 2) -> Path:
    """The animation as a looping GIF (Pillow), scaled up ``scale`` times for visibility."""
    from PIL import Image

    images = [Image.fromarray(f) for f in clip_panels(inputs, future, pred)]
    images = [im.resize((im.width * scale, im.height * scale), Image.NEAREST) for im in images]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    durations = [frame_ms] * (len(images) - 1) + [frame_ms * 6]  # rest on the last frame
    images[0].save(path, save_all=True, append_images=images[1:], duration=durations, loop=0)
    return path
