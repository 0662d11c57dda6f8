"""Predicted clips as GIFs or MP4s: the truth and the prediction side by side, frame by frame.

Each GIF frame shows, for every clip, the true clip and, beside it, the same input frames
followed by the model's prediction (one panel per future for a stochastic model). Predicted frames are framed in white, so where the
prediction starts is visible; played in a loop, a good model's digits keep moving on the right
as they do on the left.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch


def clip_panels(inputs: torch.Tensor, future: torch.Tensor | None, preds: list[torch.Tensor],
                pad: int = 2) -> list[np.ndarray]:
    """uint8 frames (H', W') of the animation of B clips (B, T, 1, H, W): the true clip (when
    ``future`` is known), then one panel per prediction (several for a stochastic model)."""
    panels = ([torch.cat([inputs, future], 1)] if future is not None else []) + \
        [torch.cat([inputs, p], 1) for p in preds]
    first_guess = 1 if future is not None else 0
    b, t, _, h, w = panels[0].shape
    frames = []
    for k in range(t):
        canvas = np.zeros((b * (h + pad) + pad, len(panels) * (w + pad) + pad), dtype=np.float32)
        for i in range(b):
            top = pad + i * (h + pad)
            for j, panel in enumerate(panels):
                left = pad + j * (w + pad)
                canvas[top:top + h, left:left + w] = panel[i, k, 0].float().cpu().numpy()
                if k >= inputs.shape[1] and j >= first_guess:  # a predicted frame: framed in white
                    canvas[top - 1, left - 1:left + w + 1] = canvas[top + h, left - 1:left + w + 1] = 1
                    canvas[top - 1:top + h + 1, left - 1] = canvas[top - 1:top + h + 1, left + w] = 1
        frames.append((np.clip(canvas, 0, 1) * 255).round().astype(np.uint8))
    return frames


def write_clip_gif(inputs, future, preds, path: Path, frame_ms: int = 150, scale: int = 2) -> Path:
    """The animation as a looping GIF (Pillow), scaled up ``scale`` times for visibility;
    ``preds`` is one prediction (B, T, 1, H, W) or a list of them."""
    from PIL import Image

    preds = [preds] if torch.is_tensor(preds) else list(preds)
    images = [Image.fromarray(f) for f in clip_panels(inputs, future, preds)]
    images = [im.resize((im.width * scale, im.height * scale), Image.NEAREST) for im in images]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    durations = [frame_ms] * (len(images) - 1) + [frame_ms * 6]  # rest on the last frame
    images[0].save(path, save_all=True, append_images=images[1:], duration=durations, loop=0)
    return path


VIDEO_SUFFIXES = (".gif", ".mp4")


def write_clip_video(inputs, future, preds, path: Path, frame_ms: int = 150, scale: int = 2) -> Path:
    """The animation as ``path``'s kind: a GIF (Pillow) or an H.264 MP4 (imageio's PyAV plugin)."""
    path = Path(path)
    if path.suffix.lower() == ".gif":
        return write_clip_gif(inputs, future, preds, path, frame_ms, scale)
    if path.suffix.lower() != ".mp4":
        raise ValueError(f"a clip is written as .gif or .mp4, not {path.suffix!r}")
    import imageio.v3 as iio

    preds = [preds] if torch.is_tensor(preds) else list(preds)
    frames = np.stack(clip_panels(inputs, future, preds)).repeat(scale, 1).repeat(scale, 2)
    # H.264 in yuv420p wants even sides; players want RGB
    frames = np.pad(frames, ((0, 0), (0, frames.shape[1] % 2), (0, frames.shape[2] % 2)))
    frames = np.repeat(frames[..., None], 3, -1)
    path.parent.mkdir(parents=True, exist_ok=True)
    iio.imwrite(path, frames, plugin="pyav", codec="libx264", fps=round(1000 / frame_ms),
                out_pixel_format="yuv420p")
    return path
