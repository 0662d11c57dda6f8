"""Moving digits: the video-prediction benchmark of Srivastava et al. (2015), generated on the fly.

A clip is ``frames`` grey frames of a square canvas in which ``objects`` digits (from MNIST,
Fashion-MNIST or scikit-learn's 8x8 digits) fly in straight lines and bounce off the walls
(mirror-like, or in a random new direction: ``bounce = "random"``, for stochastic models);
where two overlap, the brighter pixel wins. The first ``frames_in`` frames are the model's
input, the rest what it must predict.

Clip ``i`` is drawn from a generator seeded by ``(seed, split, i)``, so any clip can be made
again from its number alone: training streams clips batch by batch (nothing large is kept in
memory) and the test set is the same fixed set in every run, which makes figures comparable.
Train clips take their digits from the training images, test clips from the test images.

The standard test file of the paper (``mnist_test_seq.npy``: 10,000 clips of 20 64x64 frames,
2 digits) is available as ``test_file = "standard"``: found locally or downloaded with its
checksum, read with ``numpy.load(allow_pickle=False)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from genlab.data import registry, sources
from genlab.data.batches import ShuffledBatches
from genlab.data.info import DataInfo
from genlab.errors import DataError

TEST_SEED = 1_000_003  # test clips never share a generator with training clips


@dataclass(frozen=True)
class ClipSettings:
    """What a clip looks like. The paper's setting: 2 digits of 28 px in 64x64, 10 + 10 frames."""

    objects: int = 2
    frame_size: int = 64
    digit_size: int = 28
    speed: float = 3.6  # pixels per frame (the paper: a step of 0.1 of the canvas's free range)
    frames_in: int = 10
    frames_out: int = 10
    bounce: str = "mirror"  # or "random": a new random direction at every wall (Denton & Fergus 2018)

    @property
    def frames(self) -> int:
        return self.frames_in + self.frames_out


def trajectories(gen: torch.Generator, n: int, s: ClipSettings) -> torch.Tensor:
    """Top-left corners (n, objects, frames, 2) of straight flights that bounce off the walls.

    Unfolding the bounces: a point moving freely on a line of length 2L, folded back into
    [0, L], is exactly a point bouncing between 0 and L. So position = fold(start + velocity*t).
    """
    room = s.frame_size - s.digit_size
    start = torch.rand(n, s.objects, 1, 2, generator=gen) * room
    angle = torch.rand(n, s.objects, 1, 1, generator=gen) * 2 * torch.pi
    velocity = s.speed * torch.cat([torch.cos(angle), torch.sin(angle)], -1)
    t = torch.arange(s.frames, dtype=torch.float32).view(1, 1, -1, 1)
    free = torch.remainder(start + velocity * t, 2 * room) if room else torch.zeros_like(start + t)
    return (room - (free - room).abs()).round().long()


def random_bounce_trajectories(gen: torch.Generator, n: int, s: ClipSettings) -> torch.Tensor:
    """Like :func:`trajectories`, but a digit that hits a wall leaves it in a *random* direction.

    This is the "stochastic Moving MNIST" of Denton & Fergus (2018): until the next bounce the
    future follows from the past, at a bounce it does not, so a model that predicts one future
    can only blur the possible ones, and a model that samples futures has something to sample.
    Stepped frame by frame (the fold trick needs a constant velocity).
    """
    room = float(s.frame_size - s.digit_size)
    pos = torch.rand(n, s.objects, 2, generator=gen) * room
    angle = torch.rand(n, s.objects, 1, generator=gen) * 2 * torch.pi
    vel = s.speed * torch.cat([torch.cos(angle), torch.sin(angle)], -1)
    out = []
    for _ in range(s.frames):
        out.append(pos.clone())
        pos = pos + vel
        low, high = pos < 0, pos > room
        hit = (low | high).any(-1, keepdim=True)
        if hit.any():  # a new heading, pointing away from the wall(s) it touched
            angle = torch.rand(n, s.objects, 1, generator=gen) * 2 * torch.pi
            fresh = s.speed * torch.cat([torch.cos(angle), torch.sin(angle)], -1)
            fresh = torch.where(low, fresh.abs(), torch.where(high, -fresh.abs(), fresh))
            vel = torch.where(hit, fresh, vel)
            pos = pos.clamp(0, room)
    return torch.stack(out, 2).round().long()


def render(digits: torch.Tensor, corners: torch.Tensor, s: ClipSettings) -> torch.Tensor:
    """Clips (n, frames, 1, S, S) in [0, 1] from digits (n, objects, d, d) and their corners."""
    n = digits.shape[0]
    canvas = torch.zeros(n, s.frames, s.frame_size, s.frame_size)
    d = torch.arange(s.digit_size)
    clip = torch.arange(n).view(n, 1, 1, 1)
    frame = torch.arange(s.frames).view(1, -1, 1, 1)
    for k in range(s.objects):  # one vectorised paste per object, for every clip and frame at once
        rows = corners[:, k, :, 1].view(n, -1, 1, 1) + d.view(1, 1, -1, 1)
        cols = corners[:, k, :, 0].view(n, -1, 1, 1) + d.view(1, 1, 1, -1)
        here = canvas[clip, frame, rows, cols]
        canvas[clip, frame, rows, cols] = torch.maximum(here, digits[:, k, None])
    return canvas[:, :, None]


class MovingDigits:
    """``size`` clips of one split, made on demand; the data object the trainer expects."""

    def __init__(self, name: str, split: str, images: torch.Tensor, size: int, settings: ClipSettings,
                 seed: int = 0):
        if size < 1:
            raise DataError(f"a {split} set of {size} clips is empty")
        self.name, self.split, self.size, self.settings = name, split, size, settings
        self.seed = TEST_SEED if split == "test" else seed
        self.digits = _resize(images, settings.digit_size)  # (N, d, d) floats in [0, 1]
        self.device = torch.device("cpu")

    def __len__(self) -> int:
        return self.size

    def clips(self, index: torch.Tensor) -> torch.Tensor:
        """The clips with these numbers, (len(index), frames, 1, S, S) on this data's device."""
        chosen, corners = [], []
        for i in index.tolist():  # each clip's own generator: clip i is the same in any batch
            gen = torch.Generator().manual_seed(self.seed * 7_919 + int(i))
            chosen.append(torch.randint(len(self.digits), (1, self.settings.objects), generator=gen))
            flights = random_bounce_trajectories if self.settings.bounce == "random" else trajectories
            corners.append(flights(gen, 1, self.settings))
        return render(self.digits[torch.cat(chosen)], torch.cat(corners), self.settings).to(self.device)

    def info(self) -> DataInfo:
        s = self.settings
        return DataInfo((s.frames, 1, s.frame_size, s.frame_size), 0, (),
                        {"frames_in": s.frames_in, "frames_out": s.frames_out, "video": self.name})

    def to(self, device) -> "MovingDigits":
        self.device = torch.device(device)
        return self

    def batches(self, batch_size: int, seed: int = 0, rank: int = 0, world_size: int = 1) -> "ClipBatches":
        return ClipBatches(self, batch_size, seed=seed, rank=rank, world_size=world_size)

    def eval_batches(self, batch_size: int):
        for start in range(0, self.size, batch_size):
            yield (self.clips(torch.arange(start, min(start + batch_size, self.size))),)


class ClipBatches(ShuffledBatches):
    """Shuffled clip numbers, rendered a batch at a time (same epochs and DDP split as images)."""

    def __init__(self, data: MovingDigits, batch_size: int, **kwargs):
        super().__init__((torch.arange(len(data)),), batch_size, **kwargs)
        self.data = data

    def epoch(self, epoch: int, start: int = 0):
        for (index,) in super().epoch(epoch, start):
            yield (self.data.clips(index),)


class ClipFile:
    """Clips already made (the standard test file, or a clip a user passes to ``predict``)."""

    def __init__(self, name: str, clips: torch.Tensor, settings: ClipSettings):
        self.name, self.split, self.settings, self.frames = name, "test", settings, clips
        self.device = torch.device("cpu")

    def __len__(self) -> int:
        return self.frames.shape[0]

    def info(self) -> DataInfo:
        s = self.settings
        return DataInfo(tuple(self.frames.shape[1:]), 0, (),
                        {"frames_in": s.frames_in, "frames_out": s.frames_out, "video": self.name})

    def to(self, device) -> "ClipFile":
        self.device = torch.device(device)
        return self

    def eval_batches(self, batch_size: int):
        for start in range(0, len(self), batch_size):
            yield (self.frames[start:start + batch_size].float().div(255).to(self.device),)


def load_clips(name: str, settings: ClipSettings, train_size: int, test_size: int, seed: int = 0,
               splits=("train", "test"), test_file: str = "generated", data_dir=None,
               download: bool | None = None) -> list:
    """The splits of video dataset ``name``: generated clips, or the standard test file."""
    from genlab.data.images import load_images, split_test_set

    spec = registry.video_spec(name)
    if spec.digits == "mnist" and not _has_mnist_train(data_dir):
        images = {d.split: d for d in split_test_set("mnist", 8000, ("train", "test"), data_dir, download)}
    else:
        images = {split: load_images(spec.digits, split, data_dir, download) for split in ("train", "test")}
    sizes = {"train": train_size, "test": test_size}
    out = []
    for split in splits:
        if split == "test" and test_file == "standard":
            out.append(read_standard_test(settings, data_dir, download, limit=test_size))
        else:
            out.append(MovingDigits(name, split, images[split].images, sizes[split], settings, seed))
    return out


def read_standard_test(settings: ClipSettings, data_dir=None, download: bool | None = None,
                       limit: int | None = None) -> ClipFile:
    if (settings.frame_size, settings.frames, settings.objects, settings.bounce) != (64, 20, 2, "mirror"):
        raise DataError("the standard Moving MNIST test file has 2 digits in 20 frames of 64x64; "
                        "set frame_size = 64, frames_in + frames_out = 20, objects = 2 and bounce = \"mirror\" to use it")
    f = registry.MOVING_MNIST_TEST
    paths = sources.find_local("moving-mnist", [f.name], data_dir) or sources.download(
        "moving-mnist", [f], "pass --data-dir to a folder with mnist_test_seq.npy, or allow the "
        "download with --download", download)
    clips = read_clip_array(paths[0], time_first=True)
    return ClipFile("moving-mnist-standard", clips[:limit] if limit else clips, settings)


def read_clip_array(path, time_first: bool = False) -> torch.Tensor:
    """uint8 clips (N, T, 1, H, W) from a .npy file of (N, T, H, W) or (T, N, H, W) (the paper's)."""
    try:
        array = np.load(path, allow_pickle=False)
    except (ValueError, OSError, EOFError) as exc:
        # numpy says "pickled data" for any header it cannot parse; a learner needs the plain fact
        why = "truncated or not a .npy array" if "pickle" in str(exc) or isinstance(exc, EOFError) \
            else str(exc).splitlines()[0][:120]
        raise DataError(f"{path} is not a readable .npy file ({why})") from None
    if array.ndim == 3:  # a single clip (T, H, W)
        array = array[None]
    if array.ndim != 4 or array.shape[-1] != array.shape[-2]:
        raise DataError(f"{path}: expected clips of square frames, (clips, frames, H, W); got shape {array.shape}")
    if time_first:
        array = array.swapaxes(0, 1)
    if array.dtype != np.uint8:
        if array.min() < 0 or array.max() > 255:
            raise DataError(f"{path}: pixel values must be in 0..255 (uint8) or 0..1 (floats)")
        array = (array * 255).round() if array.max() <= 1 else array
        array = array.astype(np.uint8)
    return torch.from_numpy(np.ascontiguousarray(array))[:, :, None]


def _resize(images: torch.Tensor, size: int) -> torch.Tensor:
    x = images.float().div(255)
    if x.shape[-1] != size:
        x = F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False).clamp(0, 1)
    return x[:, 0]


def _has_mnist_train(data_dir) -> bool:
    """MNIST's training files are often absent (this project ships only its test set)."""
    image_file, label_file = registry.IMAGE_DATASETS["mnist"].files["train"]
    return sources.find_local("mnist", [image_file.name, label_file.name], data_dir) is not None
